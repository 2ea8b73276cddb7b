@NullMarked
package dev.buckethead.view;

import org.jspecify.annotations.NullMarked;
