@NullMarked
package dev.buckethead.kv;

import org.jspecify.annotations.NullMarked;
