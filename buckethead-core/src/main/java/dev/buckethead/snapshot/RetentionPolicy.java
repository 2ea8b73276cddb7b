package dev.buckethead.snapshot;

import java.time.Duration;

/**
 * Which restorable points of a branch are kept as they age: every point (every flush, delta or base step) while
 * it is younger than {@code everyPointFor}, then one base an hour while younger than {@code hourlyFor}, then one
 * base a day while younger than {@code dailyFor}. The one place these defaults live, validated once; every
 * other layer (builder, Spring properties) maps onto it. {@link RetentionPlanner} makes the decision.
 * <p>
 * It combines with {@code keepGenerations} as a union: the newest {@code keepGenerations} bases are kept whatever
 * their age (so a database flushed rarely still keeps its last N bases), and the time windows keep more. With
 * {@link #NONE} only the newest {@code keepGenerations} bases are kept, as before retention by time existed.
 *
 * @param everyPointFor how long every point stays restorable (the delta steps too)
 * @param hourlyFor how long one base an hour (the newest of each UTC hour) stays restorable
 * @param dailyFor how long one base a day (the newest of each UTC day) stays restorable
 */
public record RetentionPolicy(Duration everyPointFor, Duration hourlyFor, Duration dailyFor) {

	/** 1 h: every flush of the last hour can be restored exactly (restore as-of at flush granularity). */
	public static final Duration DEFAULT_EVERY_POINT_FOR = Duration.ofHours(1);

	/** 24 h: one point an hour for a day. */
	public static final Duration DEFAULT_HOURLY_FOR = Duration.ofHours(24);

	/** 7 days: one point a day for a week. */
	public static final Duration DEFAULT_DAILY_FOR = Duration.ofDays(7);

	public static final RetentionPolicy DEFAULTS = new RetentionPolicy(DEFAULT_EVERY_POINT_FOR, DEFAULT_HOURLY_FOR,
			DEFAULT_DAILY_FOR);

	/** No retention by time: only the newest {@code keepGenerations} bases (and the tip). */
	public static final RetentionPolicy NONE = new RetentionPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO);

	public RetentionPolicy {
		check("everyPointFor", everyPointFor);
		check("hourlyFor", hourlyFor);
		check("dailyFor", dailyFor);
	}

	private static void check(String name, Duration value) {
		if (value == null || value.isNegative()) {
			throw new IllegalArgumentException(name + " must be zero (off) or positive, got " + value);
		}
	}

	/** Whether any time window is on. */
	public boolean keepsByTime() {
		return !everyPointFor.isZero() || !hourlyFor.isZero() || !dailyFor.isZero();
	}

}
