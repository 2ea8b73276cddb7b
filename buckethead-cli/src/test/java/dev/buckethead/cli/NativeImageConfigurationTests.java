package dev.buckethead.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * picocli's annotation processor writes the reflection configuration native-image needs for the commands and
 * their options into the jar; a command added without it would fail only in a native build.
 */
class NativeImageConfigurationTests {

	private static final String REFLECT_CONFIG = "META-INF/native-image/picocli-generated/dev.buckethead/buckethead-cli/reflect-config.json";

	@Test
	void theCommandsAndTheirOptionsAreInTheReflectionConfiguration() throws IOException {
		String config;
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(REFLECT_CONFIG)) {
			assertThat(in).as(REFLECT_CONFIG).isNotNull();
			config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(config).contains("\"dev.buckethead.cli.BucketHeadCommand\"", "\"dev.buckethead.cli.RestoreCommand\"",
				"\"dev.buckethead.cli.BranchOption\"", "{ \"name\" : \"branch\" }");
	}

}
