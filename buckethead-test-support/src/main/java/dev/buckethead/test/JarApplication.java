package dev.buckethead.test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A packaged Spring Boot application for process-level tests: its executable jar and the path that answers 200
 * once it is ready (such as {@code /notes} or {@code /actuator/health}).
 *
 * @param jar the executable jar, as {@code spring-boot:repackage} leaves it
 * @param readyPath what {@link JarProcess#awaitReady()} polls
 */
public record JarApplication(Path jar, String readyPath) {

	/** Starts the jar in {@code work} with {@code arguments} (plus the port), logging to {@code log}. */
	public JarProcess start(Path work, Path log, List<String> arguments) {
		return start(work, log, arguments, Map.of());
	}

	/**
	 * Starts the jar on a free port, in {@code work}, with {@code arguments} (such as {@code --a.b=c}) and
	 * {@code environment} added to this JVM's; its output goes to {@code log}. Does not wait for it to be ready.
	 */
	public JarProcess start(Path work, Path log, List<String> arguments, Map<String, String> environment) {
		return start(work, log, List.of(), arguments, environment);
	}

	/** {@link #start(Path, Path, List, Map)} with {@code jvmOptions} (such as {@code -Dspring.aot.enabled=true}). */
	public JarProcess start(Path work, Path log, List<String> jvmOptions, List<String> arguments,
			Map<String, String> environment) {
		return JarProcess.start(this, work, log, jvmOptions, arguments, environment);
	}

}
