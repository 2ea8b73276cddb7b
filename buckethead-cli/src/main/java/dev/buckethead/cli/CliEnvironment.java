package dev.buckethead.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

import dev.buckethead.config.BucketHeadSettings;

/**
 * Where the tool runs: its output streams, environment variables and default configuration file. Passed in
 * rather than read from {@link System} so that tests run the whole tool in-process.
 *
 * @param variables the environment ({@code BUCKETHEAD_*} settings are read from here)
 * @param out standard output: results, as tables or JSON
 * @param err standard error: errors, warnings and progress
 * @param terminal whether a person is watching (progress is shown by default only then)
 * @param defaultConfigFile the configuration file read when {@code --config} is not given
 */
public record CliEnvironment(Map<String, String> variables, PrintWriter out, PrintWriter err, boolean terminal,
		Path defaultConfigFile) {

	public CliEnvironment {
		variables = Map.copyOf(variables);
	}

	/** This process: {@link System#getenv()}, {@code System.out}/{@code System.err}, the user's config file. */
	public static CliEnvironment system() {
		return new CliEnvironment(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true),
				System.console() != null, BucketHeadSettings.defaultConfigFile());
	}

}
