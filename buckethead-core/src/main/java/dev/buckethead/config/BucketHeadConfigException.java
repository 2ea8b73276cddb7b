package dev.buckethead.config;

import java.util.List;

import dev.buckethead.BucketHeadException;

/** BucketHead's configuration is missing or invalid; the message lists every problem found, one per line. */
public class BucketHeadConfigException extends BucketHeadException {

	private final List<String> problems;

	public BucketHeadConfigException(List<String> problems) {
		super("Invalid BucketHead configuration:\n  - " + String.join("\n  - ", problems));
		this.problems = List.copyOf(problems);
	}

	/**
	 * The problems an exception reports: each of a configuration exception's problems, else its message. Lets a
	 * caller that validates several things list every problem once, without the others' headings.
	 */
	public static List<String> problemsOf(RuntimeException ex) {
		return ex instanceof BucketHeadConfigException config ? config.problems() : List.of(String.valueOf(ex.getMessage()));
	}

	/** Each problem found, as a sentence. */
	public List<String> problems() {
		return problems;
	}

}
