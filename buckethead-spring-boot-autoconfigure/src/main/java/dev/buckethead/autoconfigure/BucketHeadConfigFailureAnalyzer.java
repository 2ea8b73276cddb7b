package dev.buckethead.autoconfigure;

import dev.buckethead.config.BucketHeadConfigException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an invalid BucketHead configuration found by core (for instance in {@code BUCKETHEAD_*} variables or
 * {@code config.toml}) as a start-up failure description listing every problem, instead of a stack trace. Core's
 * messages never contain credentials.
 */
class BucketHeadConfigFailureAnalyzer extends AbstractFailureAnalyzer<BucketHeadConfigException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BucketHeadConfigException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Fix the buckethead.* properties (or the BUCKETHEAD_* variables and ~/.config/buckethead/config.toml) "
						+ "named above.",
				cause);
	}

}
