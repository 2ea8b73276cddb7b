package dev.buckethead.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.ToStringSerializer;

/**
 * Where a command's result goes: a readable text on stdout by default, or one JSON document with
 * {@code --json} for scripts. Warnings go to stderr, so they never break the JSON.
 */
final class Output {

	/** Paths as the path ({@code /tmp/out.db}), not Jackson's default URI ({@code file:///tmp/out.db}). */
	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(SerializationFeature.INDENT_OUTPUT)
		.addModule(new SimpleModule("paths").addSerializer(Path.class, ToStringSerializer.instance))
		.build();

	private final CliEnvironment environment;

	private final boolean json;

	Output(CliEnvironment environment, boolean json) {
		this.environment = environment;
		this.json = json;
	}

	/** Prints {@code result} as JSON, or lets {@code text} print it for people. */
	<T> void result(T result, Consumer<T> text) {
		if (json) {
			environment.out().println(JSON.writeValueAsString(result));
		}
		else {
			text.accept(result);
		}
		environment.out().flush();
	}

	void line(String text) {
		environment.out().println(text);
	}

	void table(TextTable table) {
		table.print(environment.out());
	}

	void warn(String message) {
		environment.err().println("warning: " + message);
		environment.err().flush();
	}

	PrintWriter err() {
		return environment.err();
	}

}
