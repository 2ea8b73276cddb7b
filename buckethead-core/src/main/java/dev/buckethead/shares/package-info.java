/**
 * Shareable links to {@link dev.buckethead.files.FileStore} blobs, through a separate share bucket: start with
 * {@link dev.buckethead.shares.Shares}.
 */
@NullMarked
package dev.buckethead.shares;

import org.jspecify.annotations.NullMarked;
