/**
 * Spring Boot Actuator support for BucketHead: the {@code buckethead} endpoint and health indicator.
 */
@NullMarked
package dev.buckethead.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
