package dev.buckethead.cli;

import java.io.PrintWriter;

import dev.buckethead.config.BucketHeadConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed command into one line on stderr and exit code {@link BucketHeadCli#FAILED}: operators read
 * the reason, not a stack trace ({@code --verbose} adds the trace). Messages come from BucketHead's own
 * exceptions, which never contain secrets.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

	@Override
	public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
		PrintWriter err = commandLine.getErr();
		BucketHeadCommand root = (BucketHeadCommand) commandLine.getCommandSpec().root().userObject();
		if (root.options().verbose) {
			ex.printStackTrace(err);
		}
		err.println("error: " + message(ex));
		err.flush();
		return BucketHeadCli.FAILED;
	}

	/** The exception's message on one line. */
	static String message(Throwable ex) {
		if (ex instanceof BucketHeadConfigException config) {
			return "invalid configuration: " + String.join("; ", config.problems());
		}
		String message = ex.getMessage();
		if (message == null || message.isBlank()) {
			message = ex.getClass().getSimpleName();
		}
		return oneLine(message);
	}

	static String oneLine(String message) {
		return message.strip().replaceAll("\\s*\\R\\s*", " ");
	}

}
