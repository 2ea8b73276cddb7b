@NullMarked
package dev.buckethead.config;

import org.jspecify.annotations.NullMarked;
