@NullMarked
package dev.buckethead.bucket;

import org.jspecify.annotations.NullMarked;
