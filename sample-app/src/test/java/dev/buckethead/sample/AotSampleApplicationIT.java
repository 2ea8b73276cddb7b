package dev.buckethead.sample;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SampleApplicationIT} on the jar's ahead-of-time generated bean definitions
 * ({@code -Dspring.aot.enabled=true}, the jar being built through {@code spring-boot:process-aot}), and the build
 * itself left nothing in the bucket its AOT processing was configured with.
 */
class AotSampleApplicationIT extends SampleApplicationIT {

	private static final Path BUILD_BUCKET = Path
		.of(System.getProperty("sample.aot-build-bucket", "target/aot-build-bucket"));

	@Override
	List<String> jvmOptions() {
		return List.of("-Dspring.aot.enabled=true");
	}

	@Override
	String startedLine() {
		return "Starting AOT-processed SampleApplication";
	}

	@Test
	void theBuildDidNotStartTheEngineOnItsBucket() {
		assertThat(BUILD_BUCKET).doesNotExist();
	}

}
