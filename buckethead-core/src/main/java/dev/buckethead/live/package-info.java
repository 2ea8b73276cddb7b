@NullMarked
package dev.buckethead.live;

import org.jspecify.annotations.NullMarked;
