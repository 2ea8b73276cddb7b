package dev.buckethead.bench.litestream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.buckethead.test.S3TestServer;
import org.jspecify.annotations.Nullable;

/** Child processes with deadlines, and finding executables. */
public final class Processes {

	private Processes() {
	}

	record Result(int exitCode, String output, long nanos) {
	}

	static Result run(List<String> command, @Nullable Path directory, long timeoutSeconds)
			throws IOException, InterruptedException {
		return run(command, directory, Map.of(), timeoutSeconds);
	}

	/** Runs {@code command} to its end (stdout and stderr together), or kills it after the timeout and throws. */
	static Result run(List<String> command, @Nullable Path directory, Map<String, String> env, long timeoutSeconds)
			throws IOException, InterruptedException {
		Path log = Files.createTempFile("bench-process-", ".log");
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile());
			if (directory != null) {
				builder.directory(directory.toFile());
			}
			builder.environment().putAll(env);
			long started = System.nanoTime();
			Process process = builder.start();
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				S3TestServer.stopProcess(process);
				throw new IOException("`" + command.get(0) + " " + command.get(1) + "` did not finish within "
						+ timeoutSeconds + " s: " + tail(Files.readString(log, StandardCharsets.UTF_8), 600));
			}
			long nanos = System.nanoTime() - started;
			return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8), nanos);
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	/** The first executable {@code executable} on the PATH. */
	public static Optional<Path> onPath(String executable) {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/local/bin").split(":")) {
			Path candidate = Path.of(dir, executable);
			if (!dir.isEmpty() && Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	static String tail(String text, int chars) {
		String trimmed = text.strip();
		return trimmed.length() <= chars ? trimmed : "…" + trimmed.substring(trimmed.length() - chars);
	}

	static String tailOf(Path file, int chars) {
		try {
			return Files.exists(file) ? tail(Files.readString(file, StandardCharsets.UTF_8), chars) : "";
		}
		catch (IOException ex) {
			return "(cannot read " + file + ": " + ex.getMessage() + ")";
		}
	}

}
