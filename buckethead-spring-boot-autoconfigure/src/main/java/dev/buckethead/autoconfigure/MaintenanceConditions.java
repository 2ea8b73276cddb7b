package dev.buckethead.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The conditions of the scheduled maintenance beans. A value that does not bind matches, so that the properties'
 * own binding reports it under its name.
 */
final class MaintenanceConditions {

	private MaintenanceConditions() {
	}

	/** Matches when {@code buckethead.tracker.paths} lists a path or {@code buckethead.tracker.sync-interval} is set. */
	static class Tracker extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Binder binder = Binder.get(context.getEnvironment());
			try {
				if (!binder.bind("buckethead.tracker.paths", Bindable.listOf(String.class))
					.orElse(List.of())
					.isEmpty()) {
					return ConditionOutcome.match("buckethead.tracker.paths is set");
				}
				if (binder.bind("buckethead.tracker.sync-interval", Duration.class).isBound()) {
					return ConditionOutcome.match("buckethead.tracker.sync-interval is set");
				}
			}
			catch (RuntimeException ex) {
				return ConditionOutcome.match("buckethead.tracker.* is set (invalid: reported when bound)");
			}
			return ConditionOutcome.noMatch("neither buckethead.tracker.paths nor sync-interval is set");
		}

	}

	/** Matches unless {@code buckethead.gc.interval} is zero (the default is on). */
	static class Gc extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			try {
				Duration interval = Binder.get(context.getEnvironment())
					.bind("buckethead.gc.interval", Duration.class)
					.orElse(null);
				if (interval != null && interval.isZero()) {
					return ConditionOutcome.noMatch("buckethead.gc.interval is zero");
				}
			}
			catch (RuntimeException ex) {
				return ConditionOutcome.match("buckethead.gc.interval is set (invalid: reported when bound)");
			}
			return ConditionOutcome.match("buckethead.gc.interval is not zero");
		}

	}

}
