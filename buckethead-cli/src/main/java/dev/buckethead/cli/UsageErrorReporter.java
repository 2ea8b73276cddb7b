package dev.buckethead.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * A wrong command line gets one line on stderr, saying what is wrong and where the help is, and exit code
 * {@link BucketHeadCli#USAGE}; the full usage text would bury the reason.
 */
final class UsageErrorReporter implements IParameterExceptionHandler {

	@Override
	public int handleParseException(ParameterException ex, String[] args) {
		CommandLine commandLine = ex.getCommandLine();
		PrintWriter err = commandLine.getErr();
		err.println("error: " + ErrorReporter.oneLine(String.valueOf(ex.getMessage())) + " (see '"
				+ commandLine.getCommandSpec().qualifiedName() + " --help')");
		err.flush();
		return BucketHeadCli.USAGE;
	}

}
