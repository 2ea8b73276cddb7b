@NullMarked
package dev.buckethead.snapshot;

import org.jspecify.annotations.NullMarked;
