package dev.buckethead.shares;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.TestBuckets;
import dev.buckethead.test.S3TestServer;

/** An engine on the real S3 test server, a fresh share bucket beside it, and a plain HTTP client. */
final class ShareFixture {

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private ShareFixture() {
	}

	static BucketSQLite startEngine(Path liveDirectory) {
		return BucketSQLite.builder()
			.bucket(TestBuckets.newS3Bucket("shares-main"))
			.directory(liveDirectory)
			.flushInterval(Duration.ZERO)
			.build()
			.start();
	}

	/** A share bucket just created on the test server, configured with the server's endpoint and keys. */
	static ShareConfig.Builder newShareBucket() {
		S3TestServer server = S3TestServer.shared();
		return ShareConfig.builder()
			.bucket(server.createBucket("share"))
			.endpoint(server.endpoint())
			.region(server.region())
			.credentials(server.accessKey(), server.secretKey())
			.pathStyle(true);
	}

	/** GETs {@code url} with no credentials of its own, as a browser would. */
	static HttpResponse<byte[]> fetch(String url) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
