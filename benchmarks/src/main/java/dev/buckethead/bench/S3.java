package dev.buckethead.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import dev.buckethead.bucket.BucketConfig;
import dev.buckethead.bucket.CountingBucketClient;
import dev.buckethead.bucket.IoCounters;
import dev.buckethead.bucket.S3BucketClient;
import dev.buckethead.test.S3TestServer;

/**
 * The S3 server: S3Proxy started as a separate process (data under the RAM-backed scratch directory), or the
 * endpoint in {@code BUCKETHEAD_BENCH_S3_ENDPOINT} / {@code _ACCESS_KEY} / {@code _SECRET_KEY} / {@code _REGION}
 * / {@code _BUCKET}.
 */
final class S3 {

	private static final Map<String, String> BENCH_TO_TEST = Map.of("BUCKETHEAD_BENCH_S3_ENDPOINT",
			S3TestServer.ENDPOINT_SETTING, "BUCKETHEAD_BENCH_S3_ACCESS_KEY", S3TestServer.ACCESS_KEY_SETTING,
			"BUCKETHEAD_BENCH_S3_SECRET_KEY", S3TestServer.SECRET_KEY_SETTING, "BUCKETHEAD_BENCH_S3_REGION",
			S3TestServer.REGION_SETTING, "BUCKETHEAD_BENCH_S3_BUCKET", S3TestServer.BUCKET_SETTING);

	final S3TestServer server;

	private S3(S3TestServer server) {
		this.server = server;
	}

	static S3 start(Path scratch) {
		BENCH_TO_TEST.forEach((bench, test) -> {
			String value = System.getenv(bench);
			if (value != null && !value.isBlank()) {
				System.setProperty(test, value);
			}
		});
		if (System.getProperty(S3TestServer.JAR_PROPERTY) == null) {
			try {
				Path classes = Path.of(S3.class.getProtectionDomain().getCodeSource().getLocation().toURI());
				System.setProperty(S3TestServer.JAR_PROPERTY,
						classes.getParent().resolve("s3proxy").resolve("s3proxy.jar").toString());
			}
			catch (Exception ex) {
				// S3TestServer explains what is missing.
			}
		}
		// S3Proxy's filesystem backend writes its objects under the work dir: keep them in RAM.
		System.setProperty(S3TestServer.WORK_DIR_PROPERTY, scratch.resolve("s3").toString());
		return new S3(S3TestServer.shared());
	}

	String describe() {
		return server.isExternal() ? "external endpoint " + server.endpoint()
				: "S3Proxy 4.1.0 (filesystem backend, data in " + server.logFile().map(Path::getParent).orElse(null)
						+ ") at " + server.endpoint();
	}

	/** A fresh bucket with a counting client; {@link Bucket#drop()} frees its space. */
	Bucket newBucket(String prefix) {
		String name = server.createBucket(prefix);
		return new Bucket(name, client(name, server.endpoint()));
	}

	/** A counting client for bucket {@code name} that sends its requests to {@code endpoint} (a proxy in front). */
	CountingBucketClient client(String name, URI endpoint) {
		return new CountingBucketClient(new S3BucketClient(BucketConfig.builder()
			.bucket(name)
			.endpoint(endpoint)
			.region(server.region())
			.credentials(server.accessKey(), server.secretKey())
			.pathStyle(true)
			.build()));
	}

	final class Bucket implements AutoCloseable {

		final String name;

		final CountingBucketClient client;

		Bucket(String name, CountingBucketClient client) {
			this.name = name;
			this.client = client;
		}

		IoCounters counters() {
			return client.counters();
		}

		/** Deletes the local server's copy of the bucket from disk (external endpoints: left as is). */
		void drop() {
			client.close();
			if (!server.isExternal()) {
				server.logFile().ifPresent((log) -> BenchEnv.deleteTree(log.getParent().resolve("data").resolve(name)));
			}
		}

		@Override
		public void close() {
			drop();
		}

	}

}
