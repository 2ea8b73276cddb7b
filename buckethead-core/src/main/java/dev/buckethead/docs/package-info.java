@NullMarked
package dev.buckethead.docs;

import org.jspecify.annotations.NullMarked;
