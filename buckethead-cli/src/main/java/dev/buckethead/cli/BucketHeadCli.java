package dev.buckethead.cli;

import picocli.CommandLine;

/**
 * The {@code buckethead} command. Exit codes: {@value #OK} when the command did what it was asked,
 * {@value #FAILED} when it failed (the reason is one line on stderr), {@value #USAGE} when the command line
 * itself is wrong.
 */
public final class BucketHeadCli {

	/** The command succeeded. */
	public static final int OK = 0;

	/** The command failed: bucket unreachable, branch missing, file exists, conflict, ... */
	public static final int FAILED = 1;

	/** The command line is wrong: unknown option, missing or invalid value. */
	public static final int USAGE = 2;

	private BucketHeadCli() {
	}

	public static void main(String[] args) {
		Logging.configure(args);
		System.exit(run(CliEnvironment.system(), args));
	}

	/** Runs the tool with {@code args} in {@code environment}, returning the exit code. */
	public static int run(CliEnvironment environment, String... args) {
		CommandLine commandLine = new CommandLine(new BucketHeadCommand(environment))
			.setOut(environment.out())
			.setErr(environment.err())
			.setExecutionExceptionHandler(new ErrorReporter())
			.setParameterExceptionHandler(new UsageErrorReporter());
		int exitCode = commandLine.execute(args);
		environment.out().flush();
		environment.err().flush();
		return exitCode;
	}

}
