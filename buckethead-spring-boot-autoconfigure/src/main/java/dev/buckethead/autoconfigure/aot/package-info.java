/**
 * Ahead-of-time and native-image support: the runtime hints for what the engine loads reflectively or as
 * resources.
 */
@NullMarked
package dev.buckethead.autoconfigure.aot;

import org.jspecify.annotations.NullMarked;
