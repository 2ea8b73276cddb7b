package dev.buckethead.engine;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Engine tests share this: a fresh bucket on the real S3 test server and a private live directory per test. */
abstract class EngineTest {

	@TempDir
	Path temp;

	EngineFixture fixture;

	@BeforeEach
	void createFixture() {
		fixture = EngineFixture.onS3(temp.resolve("live"));
	}

}
