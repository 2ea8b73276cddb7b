package dev.buckethead.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a measurement in a fresh JVM with this one's class path, so that nothing this JVM compiled or loaded is in
 * its numbers: the child prints one line starting with a marker word and the figures, separated by spaces.
 */
final class ChildJvm {

	private ChildJvm() {
	}

	/**
	 * Runs {@code main} with {@code args} and returns the figures of its {@code marker} line.
	 * @param environment added to the child's environment (credentials stay off its command line)
	 * @throws IllegalStateException with the child's whole output when it fails or prints no such line
	 */
	static String[] run(List<String> jvmOptions, Class<?> main, List<String> args, Map<String, String> environment,
			String marker) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
		command.addAll(args);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		String found = null;
		StringBuilder all = new StringBuilder();
		try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
				StandardCharsets.UTF_8))) {
			String line;
			while ((line = out.readLine()) != null) {
				all.append(line).append('\n');
				if (line.startsWith(marker + " ")) {
					found = line;
				}
			}
		}
		int status = process.waitFor();
		if (found == null || status != 0) {
			throw new IllegalStateException(main.getSimpleName() + " failed (status " + status + "):\n" + all);
		}
		String[] fields = found.split(" ");
		return java.util.Arrays.copyOfRange(fields, 1, fields.length);
	}

}
