@NullMarked
package dev.buckethead.branch;

import org.jspecify.annotations.NullMarked;
