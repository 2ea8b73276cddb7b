package dev.buckethead.cli;

import java.util.Arrays;

/**
 * Log lines (slf4j-simple) go to stderr: warnings only, and BucketHead's own debug lines with {@code --verbose}.
 * The AWS SDK and its HTTP client stay at warnings even then, so that no request header ever reaches the
 * screen. Must run before the first logger is made, hence on the raw arguments.
 */
final class Logging {

	private static final String PREFIX = "org.slf4j.simpleLogger.";

	private Logging() {
	}

	static void configure(String[] args) {
		setDefault("defaultLogLevel", "warn");
		setDefault("showThreadName", "false");
		setDefault("showLogName", "false");
		setDefault("showShortLogName", "true");
		if (Arrays.asList(args).contains(GlobalOptions.VERBOSE)) {
			setDefault("log.dev.buckethead", "debug");
		}
	}

	private static void setDefault(String key, String value) {
		if (System.getProperty(PREFIX + key) == null) {
			System.setProperty(PREFIX + key, value);
		}
	}

}
