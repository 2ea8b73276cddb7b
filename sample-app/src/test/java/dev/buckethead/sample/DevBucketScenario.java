package dev.buckethead.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.buckethead.BucketSQLite;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A developer's local bucket, as running the sample leaves it, and a test of the sample configured with it: the
 * app itself (outside the test framework, so with no test support in the way) migrates the schema, adds a note
 * and flushes at shutdown; the test then reads the notes, writes one and stops the way an application does.
 */
abstract class DevBucketScenario {

	static final String NOTE = "from the developer";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ConfigurableApplicationContext context;

	/** Runs the sample once on {@code directory} (emptied first); returns the hashes of what it left there. */
	static Map<String, String> developerRanTheApp(String directory) throws IOException {
		Path bucket = Path.of(directory);
		deleteTree(bucket);
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApplication.class)
			.web(WebApplicationType.NONE)
			.run("--buckethead.bucket.local-directory=" + bucket)) {
			app.getBean(JdbcClient.class).sql("INSERT INTO note (body) VALUES (?)").param(NOTE).update();
		}
		return hashes(directory);
	}

	List<String> notes() {
		return this.jdbc.sql("SELECT body FROM note").query(String.class).list();
	}

	/** Writes a note, flushes, and stops the context: the shutdown path, with BucketHead's final flush. */
	void writeFlushAndStop() {
		this.jdbc.sql("INSERT INTO note (body) VALUES ('from a test')").update();
		this.context.getBean(BucketSQLite.class).forceFlush();
		this.context.stop();
	}

	/** The SHA-256 of every file under {@code directory}, by relative path. */
	static Map<String, String> hashes(String directory) throws IOException {
		Path root = Path.of(directory);
		Map<String, String> hashes = new TreeMap<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				hashes.put(root.relativize(file).toString(), sha256(Files.readAllBytes(file)));
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
