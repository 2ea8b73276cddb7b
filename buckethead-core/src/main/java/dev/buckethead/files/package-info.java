@NullMarked
package dev.buckethead.files;

import org.jspecify.annotations.NullMarked;
