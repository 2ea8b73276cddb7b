package dev.buckethead.bucket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.buckethead.test.S3TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** What {@link S3BucketClient} does beyond the {@link BucketClientContractTests contract}. */
class S3BucketClientTest {

	private static S3TestServer server;

	private static String bucket;

	@TempDir
	Path temp;

	@BeforeAll
	static void startServer() {
		server = S3TestServer.shared();
		bucket = server.createBucket("s3-client");
	}

	@Test
	void aMissingBucketIsReportedByName() {
		String missing = "no-such-bucket-" + UUID.randomUUID().toString().substring(0, 8);
		try (S3BucketClient client = new S3BucketClient(config(missing).build())) {
			assertThatExceptionOfType(BucketException.class).isThrownBy(() -> client.get("some/key"))
				.withMessageContaining("'some/key'")
				.withMessageContaining("bucket '" + missing + "' does not exist");
			assertThatExceptionOfType(BucketException.class).isThrownBy(() -> client.head("some/key"))
				.withMessageContaining("bucket '" + missing + "' does not exist");
			assertThatExceptionOfType(BucketException.class).isThrownBy(() -> client.put("some/key", new byte[1]))
				.withMessageContaining("bucket '" + missing + "' does not exist");
			assertThatExceptionOfType(BucketException.class).isThrownBy(() -> client.list("some/"))
				.withMessageContaining("bucket '" + missing + "' does not exist");
		}
	}

	@Test
	void wrongCredentialsAreReportedAsAccessDeniedWithoutTheSecret() {
		String secret = "not-the-secret-" + UUID.randomUUID();
		try (S3BucketClient client = new S3BucketClient(
				config(bucket).credentials(server.accessKey(), secret)
					.timeouts(TestBuckets.patient().withMaxAttempts(1))
					.build())) {
			assertThatExceptionOfType(BucketException.class).isThrownBy(() -> client.put("k", new byte[1]))
				.withMessageContaining("'k'")
				.withMessageContaining(bucket)
				.withMessageContaining("403")
				.withMessageNotContaining(secret);
		}
	}

	@Test
	void anUnreachableServerFailsPromptlyAndWorksAgainAfterRestart() {
		assumeFalse(server.isExternal(), "an external endpoint cannot be stopped");
		try (S3BucketClient client = new S3BucketClient(
				config(bucket).timeouts(BucketTimeouts.defaults()
					.withMaxAttempts(2)
					.withAttemptTimeout(Duration.ofSeconds(3))
					.withCallTimeout(Duration.ofSeconds(6))).build())) {
			String key = "outage/" + UUID.randomUUID();
			client.put(key, bytes("before"));
			server.stop();
			try {
				assertTimeoutPreemptively(Duration.ofSeconds(30),
						() -> assertThatExceptionOfType(BucketException.class).isThrownBy(() -> client.get(key))
							.withMessageContaining(key)
							.withMessageContaining(bucket)
							.withMessageContaining("could not be reached"));
				assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatExceptionOfType(
						BucketException.class).isThrownBy(() -> client.put(key, bytes("during"))));
			}
			finally {
				server.restart();
			}
			assertThat(client.get(key).orElseThrow().data()).isEqualTo(bytes("before"));
			client.put(key, bytes("after"));
			assertThat(client.get(key).orElseThrow().data()).isEqualTo(bytes("after"));
		}
	}

	@Test
	void aHungServerFailsACallWithinItsDeadlineAndEveryRetriedAttemptIsLoggedOnOneLine() {
		assumeFalse(server.isExternal(), "an external endpoint cannot be suspended");
		BucketTimeouts tight = new BucketTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
				Duration.ofSeconds(3), 5);
		ListAppender<ILoggingEvent> log = capture(S3BucketClient.class);
		// A new client: nothing has answered it yet, as at start-up, so its retried attempts are WARN.
		try (S3BucketClient client = new S3BucketClient(config(bucket).timeouts(tight).build())) {
			String key = "hung/" + UUID.randomUUID();
			whileSuspended(() -> assertThatExceptionOfType(BucketException.class).isThrownBy(() -> client.get(key))
				.withMessageContaining(key)
				.withMessageContaining(bucket)
				.withMessageContaining("deadline")
				.withMessageContaining("5 attempts of at most 1s within 3s"));
			assertThat(log.list).filteredOn((event) -> event.getLevel() == Level.WARN)
				.isNotEmpty()
				.allSatisfy((event) -> assertThat(event.getFormattedMessage()).doesNotContain("\n")
					.contains("of GET " + key + " failed after", "retrying in")
					.doesNotContain(server.secretKey()))
				.anySatisfy((event) -> assertThat(event.getFormattedMessage()).contains("attempt 1 of 5"));
			assertThat(log.list).allSatisfy((event) -> assertThat(event.getThrowableProxy()).isNull());
			assertThat(client.get(key)).isEmpty();
		}
		finally {
			release(S3BucketClient.class, log);
		}
	}

	@Test
	void theApplicationsS3ClientGetsTheDeadlinesOnEveryRequest() {
		assumeFalse(server.isExternal(), "an external endpoint cannot be suspended");
		BucketTimeouts tight = BucketTimeouts.defaults()
			.withAttemptTimeout(Duration.ofSeconds(1))
			.withCallTimeout(Duration.ofSeconds(2));
		// The shared client's own attempts may take 30 s each: without per-request deadlines this would wait 90 s.
		try (S3BucketClient client = new S3BucketClient(server.client(), bucket, S3BucketClient.PART_SIZE, tight)) {
			whileSuspended(() -> assertThatExceptionOfType(BucketException.class)
				.isThrownBy(() -> client.put("hung/shared", bytes("v")))
				.withMessageContaining("deadline")
				.withMessageContaining("application's S3Client"));
			client.put("hung/shared", bytes("v"));
		}
	}

	/** Runs {@code check} while the server is frozen; a check that waits past every deadline fails. */
	private static void whileSuspended(Runnable check) {
		server.suspend();
		try {
			assertTimeoutPreemptively(Duration.ofSeconds(30), check::run);
		}
		finally {
			server.resume();
		}
	}

	private static ListAppender<ILoggingEvent> capture(Class<?> type) {
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		((Logger) LoggerFactory.getLogger(type)).addAppender(appender);
		return appender;
	}

	private static void release(Class<?> type, ListAppender<ILoggingEvent> appender) {
		((Logger) LoggerFactory.getLogger(type)).detachAppender(appender);
	}

	@Test
	void largeFilesAreUploadedInPartsNoBiggerThanTheThreshold() throws IOException {
		Path file = temp.resolve("big.bin");
		byte[] chunk = new byte[1024 * 1024];
		try (var out = Files.newOutputStream(file)) {
			for (int i = 0; i < 12; i++) {
				chunk[0] = (byte) i;
				out.write(chunk);
			}
		}
		try (S3BucketClient client = new S3BucketClient(config(bucket).multipartThreshold(5L * 1024 * 1024).build())) {
			String etag = client.putFile("parts/big.bin", file);
			// A multipart ETag is the MD5 of the parts' MD5s and the count of parts: 5 + 5 + 2 MiB.
			assertThat(etag).endsWith("-3");
			assertThat(client.head("parts/big.bin").orElseThrow().size()).isEqualTo(12L * 1024 * 1024);
		}
		ListMultipartUploadsResponse uploads = server.client().listMultipartUploads((b) -> b.bucket(bucket));
		assertThat(uploads.uploads()).isEmpty();
	}

	@Test
	void aFailedMultipartUploadIsAbortedAndLeavesNoObject() throws IOException {
		Path file = temp.resolve("big.bin");
		Files.write(file, new byte[12 * 1024 * 1024]);
		ExecutionInterceptor failSecondPart = new ExecutionInterceptor() {
			@Override
			public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
				if (context.request() instanceof UploadPartRequest part && part.partNumber() == 2) {
					throw SdkClientException.create("injected failure of part 2");
				}
			}
		};
		String key = "aborted/" + UUID.randomUUID();
		try (S3Client s3 = S3Client.builder()
			.endpointOverride(server.endpoint())
			.region(Region.of(server.region()))
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(server.accessKey(), server.secretKey())))
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.overrideConfiguration((o) -> o.addExecutionInterceptor(failSecondPart))
			.build(); S3BucketClient client = new S3BucketClient(s3, bucket, 5L * 1024 * 1024)) {
			assertThatExceptionOfType(BucketException.class).isThrownBy(() -> client.putFile(key, file))
				.withMessageContaining(key)
				.withMessageContaining(file.toString())
				.withMessageContaining("injected failure of part 2");
			assertThat(client.head(key)).isEmpty();
		}
		assertThat(server.client().listMultipartUploads((b) -> b.bucket(bucket)).uploads())
			.noneSatisfy((upload) -> assertThat(upload.key()).isEqualTo(key));
	}

	@Test
	void checksumsWhereverSupportedAlsoWorkForMultipartUploads() throws IOException {
		Path file = temp.resolve("crc.bin");
		Files.write(file, new byte[11 * 1024 * 1024]);
		try (S3BucketClient client = new S3BucketClient(config(bucket).checksumMode(ChecksumMode.WHEN_SUPPORTED)
			.multipartThreshold(5L * 1024 * 1024)
			.build())) {
			String etag = client.putFile("crc/file.bin", file);
			assertThat(client.head("crc/file.bin").orElseThrow().etag()).isEqualTo(etag);
			String small = client.put("crc/small", bytes("small"));
			assertThat(client.get("crc/small").orElseThrow().etag()).isEqualTo(small);
		}
	}

	@Test
	void aClientOnAnExistingS3ClientLeavesItOpen() {
		try (S3BucketClient client = new S3BucketClient(server.client(), bucket)) {
			client.put("shared/key", bytes("value"));
			assertThat(client.describe()).contains(bucket).contains(server.endpoint().toString());
		}
		// Still usable: closing the BucketClient did not close the S3Client it was given.
		assertThat(server.client().headObject((b) -> b.bucket(bucket).key("shared/key")).contentLength())
			.isEqualTo(5);
	}

	@Test
	void describeAndToStringNameTheBucketButNoSecret() {
		try (S3BucketClient client = new S3BucketClient(config(bucket).build())) {
			assertThat(client.describe()).isEqualTo("s3://" + bucket + " at " + server.endpoint());
			assertThat(client.toString()).contains(bucket)
				.doesNotContain(server.secretKey())
				.doesNotContain(server.accessKey());
		}
	}

	@Test
	void etagsAreNormalisedToBareValues() {
		assertThat(S3BucketClient.etag("\"abc\"")).isEqualTo("abc");
		assertThat(S3BucketClient.etag("abc")).isEqualTo("abc");
		assertThat(S3BucketClient.etag("W/\"abc-2\"")).isEqualTo("abc-2");
		assertThat(S3BucketClient.etag(null)).isEmpty();
	}

	private static BucketConfig.Builder config(String bucketName) {
		return BucketConfig.builder()
			.bucket(bucketName)
			.endpoint(server.endpoint())
			.region(server.region())
			.credentials(server.accessKey(), server.secretKey())
			.pathStyle(true)
			.timeouts(TestBuckets.patient().withMaxAttempts(2));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
