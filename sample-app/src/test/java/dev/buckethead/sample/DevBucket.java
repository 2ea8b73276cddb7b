package dev.buckethead.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A developer's local bucket, as running the sample leaves it: the app itself (outside the test framework, so
 * with no test support in the way) migrates the schema, adds a note and flushes at shutdown.
 */
final class DevBucket {

	static final String NOTE = "from the developer";

	private DevBucket() {
	}

	/** Runs the sample once on {@code directory} (emptied first) and leaves its snapshot there. */
	static void seed(Path directory) throws IOException {
		deleteTree(directory);
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApplication.class)
			.web(WebApplicationType.NONE)
			.run("--buckethead.bucket.local-directory=" + directory)) {
			app.getBean(JdbcClient.class).sql("INSERT INTO note (body) VALUES (?)").param(NOTE).update();
		}
	}

	/** The SHA-256 of every file under {@code directory}, by relative path. */
	static Map<String, String> hashes(Path directory) throws IOException {
		Map<String, String> hashes = new TreeMap<>();
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				hashes.put(directory.relativize(file).toString(), sha256(Files.readAllBytes(file)));
			}
		}
		return hashes;
	}

	private static String sha256(byte[] data) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void deleteTree(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.delete(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

}
