package dev.buckethead.testapp;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.buckethead.test.S3TestServer;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The shelf's bucket on the real S3 server (S3Proxy, a separate process): what {@code application.yml} reads
 * ({@code SHELF_BUCKET_*}), the app run outside the test framework as the developer or production runs it, and
 * the bucket's objects as S3 lists them.
 */
final class ShelfBucket {

	static final S3TestServer server = S3TestServer.shared();

	private ShelfBucket() {
	}

	/** A new, empty bucket on the server. */
	static String create(String prefix) {
		return server.createBucket(prefix);
	}

	/** The variables {@code application.yml} reads to reach {@code bucket}. */
	static Map<String, String> settings(String bucket) {
		return Map.of("SHELF_BUCKET_ENDPOINT", server.endpoint().toString(), "SHELF_BUCKET_REGION", server.region(),
				"SHELF_BUCKET_NAME", bucket, "SHELF_BUCKET_KEY_ID", server.accessKey(), "SHELF_BUCKET_SECRET",
				server.secretKey());
	}

	/** A test's {@code @DynamicPropertySource}: the application configured with {@code bucket}. */
	static void register(DynamicPropertyRegistry registry, String bucket) {
		settings(bucket).forEach((name, value) -> registry.add(name, () -> value));
	}

	/**
	 * Runs the app on {@code bucket} outside the test framework (so with no test support in the way: it restores
	 * from the bucket and flushes into it when it closes), hands it to {@code work}, and closes it.
	 */
	static void runTheApp(String bucket, Consumer<ConfigurableApplicationContext> work) {
		String[] arguments = settings(bucket).entrySet()
			.stream()
			.map((setting) -> "--" + setting.getKey() + "=" + setting.getValue())
			.toArray(String[]::new);
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ShelfApplication.class)
			.web(WebApplicationType.NONE)
			.run(arguments)) {
			work.accept(app);
		}
	}

	/** Every object in {@code bucket} with its ETag, by key. */
	static Map<String, String> objects(String bucket) {
		Map<String, String> objects = new TreeMap<>();
		for (S3Object object : server.client().listObjectsV2Paginator((list) -> list.bucket(bucket)).contents()) {
			objects.put(object.key(), object.eTag());
		}
		return objects;
	}

}
