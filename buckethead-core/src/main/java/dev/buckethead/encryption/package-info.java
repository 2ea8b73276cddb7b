/**
 * Client-side encryption of everything BucketHead stores (see {@code docs/encryption.md}): an encrypting
 * {@link dev.buckethead.bucket.BucketClient} decorator that seals object bodies with AES-256-GCM in segments,
 * keyed object names that keep deduplication without revealing content, and the key ring.
 */
@NullMarked
package dev.buckethead.encryption;

import org.jspecify.annotations.NullMarked;
