/**
 * Micrometer Observation API support: every flush, restore and branch switch is an
 * {@link io.micrometer.observation.Observation}, so an application gets timers and trace spans for them.
 */
@NullMarked
package dev.buckethead.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
