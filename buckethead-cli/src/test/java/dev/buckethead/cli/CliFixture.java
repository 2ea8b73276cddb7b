package dev.buckethead.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.BucketConfig;
import dev.buckethead.bucket.BucketTimeouts;
import dev.buckethead.bucket.S3BucketClient;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.test.S3TestServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fresh bucket on the real S3 test server, the {@code BUCKETHEAD_*} variables that point at it, engines
 * that write snapshots into it, and the tool run in-process against it.
 */
final class CliFixture {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final S3TestServer server = S3TestServer.shared();

	private final String bucket;

	private final Path temp;

	CliFixture(Path temp) {
		this.temp = temp;
		this.bucket = server.createBucket("cli");
	}

	String bucketName() {
		return bucket;
	}

	S3TestServer server() {
		return server;
	}

	/** The variables an operator would export for this bucket. */
	Map<String, String> environment() {
		Map<String, String> env = new HashMap<>();
		env.put("BUCKETHEAD_BUCKET__NAME", bucket);
		env.put("BUCKETHEAD_BUCKET__ENDPOINT_URL", server.endpoint().toString());
		env.put("BUCKETHEAD_BUCKET__REGION", server.region());
		env.put("BUCKETHEAD_BUCKET__ACCESS_KEY_ID", server.accessKey());
		env.put("BUCKETHEAD_BUCKET__SECRET_ACCESS_KEY", server.secretKey());
		return env;
	}

	S3BucketClient client() {
		return new S3BucketClient(BucketConfig.builder()
			.bucket(bucket)
			.endpoint(server.endpoint())
			.region(server.region())
			.credentials(server.accessKey(), server.secretKey())
			// Patient: the machine running the tests is shared and often loaded.
			.timeouts(BucketTimeouts.defaults()
				.withMaxAttempts(3)
				.withCallTimeout(Duration.ofSeconds(90))
				.withAttemptTimeout(Duration.ofSeconds(30))
				.withReadTimeout(Duration.ofSeconds(30)))
			.build());
	}

	/**
	 * An engine on this bucket with the timer off; tests flush explicitly. Every flush a base (a manifest): these
	 * tests are about the commands on generations (list, prune, gc, repair, restore by id).
	 */
	BucketSQLite start(String branch) {
		return start(branch, (builder) -> {
		});
	}

	/** Like {@link #start(String)}, with {@code customizer} applied to the builder. */
	BucketSQLite start(String branch, java.util.function.Consumer<BucketSQLite.Builder> customizer) {
		BucketSQLite.Builder builder = BucketSQLite.builder()
			.bucket(client())
			.branch(branch)
			.pageDeltas(false)
			.storage(LiveStorage.FILE)
			.directory(temp.resolve("live-" + branch))
			.flushInterval(Duration.ZERO)
			.chunkSize(16 * 1024);
		customizer.accept(builder);
		return builder.build().start();
	}

	/** Runs the tool with this bucket's environment. */
	Run run(String... args) {
		return run(environment(), args);
	}

	/** Runs the tool in-process with {@code env} and no configuration file. */
	Run run(Map<String, String> env, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		CliEnvironment environment = new CliEnvironment(env, new PrintWriter(out), new PrintWriter(err), false,
				temp.resolve("no-such-config.toml"));
		int exitCode = BucketHeadCli.run(environment, args);
		return new Run(exitCode, out.toString(), err.toString());
	}

	/** What one run of the tool did. */
	record Run(int exitCode, String out, String err) {

		JsonNode json() {
			return JSON.readTree(out);
		}

		@Override
		public String toString() {
			return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
		}

	}

	static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	static long count(Path database, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
