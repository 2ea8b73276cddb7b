package dev.buckethead.sample;

import java.nio.file.Path;

import dev.buckethead.test.JarApplication;

/** The packaged sample app, ready when {@code GET /notes} answers. */
final class SampleJar {

	static final JarApplication SAMPLE = new JarApplication(
			Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar")), "/notes");

	private SampleJar() {
	}

}
