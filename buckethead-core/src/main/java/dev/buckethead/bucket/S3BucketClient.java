package dev.buckethead.bucket;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A {@link BucketClient} on any S3-compatible server (AWS S3, Cloudflare R2, MinIO, S3Proxy) through the AWS
 * SDK's synchronous {@link S3Client}.
 * <p>
 * Conditional writes use {@code If-None-Match: *} and {@code If-Match}, which AWS S3, R2 and MinIO honour
 * atomically; a refusal (HTTP 412, or 409 {@code ConditionalRequestConflict} when two conditional writes race)
 * becomes a {@link PreconditionFailedException}. ETags are returned without the quotes S3 puts around them,
 * from every operation alike, so one read from {@link #list(String)} can be handed to
 * {@link WriteCondition#ifMatch(String)}.
 * <p>
 * Every wait has a deadline ({@link BucketTimeouts}). Built from a {@link BucketConfig}, the client owns its
 * {@code S3Client}: connect and read timeouts on its HTTP client, attempt and call deadlines, retries with short
 * exponential backoff on 5xx, throttling and I/O errors up to {@link BucketTimeouts#maxAttempts()} (each retried
 * attempt logged on one line, see {@link AttemptLog}), and checksums as {@link BucketConfig#checksumMode()} says.
 * Built from an existing {@code S3Client} (such as the one Spring Cloud AWS configures), it uses that client as it
 * is, and never closes it, but still sends every request with the attempt and call deadlines of its
 * {@link BucketTimeouts}, so that no call waits longer whatever that client's own settings.
 */
public final class S3BucketClient implements BucketClient {

	private static final Logger logger = LoggerFactory.getLogger(S3BucketClient.class);

	/**
	 * Largest part of a multipart upload, unless the file needs bigger ones to fit S3's 10,000 parts. Parts are
	 * the multipart threshold's size when that is smaller (never below S3's 5 MiB minimum, which
	 * {@link BucketConfig} enforces on the threshold).
	 */
	static final long PART_SIZE = 16L * 1024 * 1024;

	private static final int MAX_PARTS = 10_000;

	private static final int MAX_KEY_BYTES = 1024;

	// Short backoffs: the call deadline bounds every retry, so long waits would only use it up doing nothing.
	private static final Duration RETRY_BASE_DELAY = Duration.ofMillis(100);

	private static final Duration RETRY_MAX_DELAY = Duration.ofSeconds(1);

	private static final Duration THROTTLED_BASE_DELAY = Duration.ofMillis(500);

	private static final Duration THROTTLED_MAX_DELAY = Duration.ofSeconds(5);

	private final S3Client s3;

	private final boolean ownsClient;

	private final String bucket;

	private final long multipartThreshold;

	private final String description;

	private final BucketTimeouts timeouts;

	/** The deadlines of a request that uploads nothing; uploads get theirs from {@link #deadlines(long)}. */
	private final AwsRequestOverrideConfiguration deadlines;

	private final AttemptLog attempts;

	// S3 answers a HEAD in a missing bucket with a bare 404, like a missing key; we ask once which it is.
	private volatile boolean bucketKnownToExist;

	/** A client that builds, and on {@link #close()} closes, its own {@code S3Client}. */
	public S3BucketClient(BucketConfig config) {
		this(config, new AttemptLog(config.describe()));
	}

	private S3BucketClient(BucketConfig config, AttemptLog attempts) {
		this(buildClient(config, attempts), true, config.bucket(), config.multipartThreshold(), config.describe(),
				config.timeouts(), attempts);
	}

	/**
	 * A client on an {@code S3Client} configured elsewhere, which is used as it is and never closed here, with
	 * the default {@link BucketTimeouts}. Files of 16 MiB or more are uploaded in parts.
	 */
	public S3BucketClient(S3Client s3, String bucket) {
		this(s3, bucket, PART_SIZE, BucketTimeouts.defaults());
	}

	/**
	 * A client on an {@code S3Client} configured elsewhere, which is used as it is and never closed here, with
	 * the default {@link BucketTimeouts}. Files of {@code multipartThreshold} bytes or more (at least 5 MiB) are
	 * uploaded in parts.
	 */
	public S3BucketClient(S3Client s3, String bucket, long multipartThreshold) {
		this(s3, bucket, multipartThreshold, BucketTimeouts.defaults());
	}

	/**
	 * A client on an {@code S3Client} configured elsewhere, which is used as it is and never closed here. Files
	 * of {@code multipartThreshold} bytes or more (at least 5 MiB, the smallest part S3 accepts) are uploaded in
	 * parts.
	 * <p>
	 * Every request carries the attempt and call deadlines of {@code timeouts}, which bound it whatever the client
	 * was built with; its connect and read timeouts and its retries stay the client's own.
	 */
	public S3BucketClient(S3Client s3, String bucket, long multipartThreshold, BucketTimeouts timeouts) {
		this(s3, false, requireBucket(bucket), requireThreshold(multipartThreshold), describe(s3, bucket),
				Objects.requireNonNull(timeouts, "timeouts"), new AttemptLog(describe(s3, bucket)));
	}

	private S3BucketClient(S3Client s3, boolean ownsClient, String bucket, long multipartThreshold,
			String description, BucketTimeouts timeouts, AttemptLog attempts) {
		this.s3 = Objects.requireNonNull(s3, "s3");
		this.ownsClient = ownsClient;
		this.bucket = bucket;
		this.multipartThreshold = multipartThreshold;
		this.description = description;
		this.timeouts = timeouts;
		this.deadlines = deadlines(timeouts, 0);
		this.attempts = attempts;
	}

	/**
	 * The AWS SDK client this library builds for {@code config} (credentials, checksum mode, timeouts, retries),
	 * for the rare caller that needs S3 operations beyond one bucket's objects, such as creating a bucket. The
	 * caller closes it.
	 */
	public static S3Client newS3Client(BucketConfig config) {
		return buildClient(config, new AttemptLog(config.describe()));
	}

	private static S3Client buildClient(BucketConfig config, AttemptLog attempts) {
		AwsCredentialsProvider credentials = S3Credentials.of(config);
		boolean everywhere = config.checksumMode() == ChecksumMode.WHEN_SUPPORTED;
		BucketTimeouts timeouts = config.timeouts();
		var builder = S3Client.builder()
			.region(Region.of(config.region()))
			.forcePathStyle(config.pathStyle())
			.credentialsProvider(credentials)
			.requestChecksumCalculation(everywhere ? RequestChecksumCalculation.WHEN_SUPPORTED
					: RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(everywhere ? ResponseChecksumValidation.WHEN_SUPPORTED
					: ResponseChecksumValidation.WHEN_REQUIRED)
			.httpClientBuilder(Apache5HttpClient.builder()
				.connectionTimeout(timeouts.effectiveConnectTimeout())
				.socketTimeout(timeouts.effectiveReadTimeout())
				// Waiting for a pooled connection is part of an attempt, so it cannot outlast one.
				.connectionAcquisitionTimeout(timeouts.attemptTimeout())
				.maxConnections(64))
			.overrideConfiguration((o) -> o.apiCallAttemptTimeout(timeouts.attemptTimeout())
				.apiCallTimeout(timeouts.callTimeout())
				// Standard retries: 5xx, throttling and I/O errors, with jittered exponential backoff kept short,
				// since the call deadline bounds them all. No circuit breaker: a long outage must not leave the
				// client refusing to retry after the bucket is back.
				.retryStrategy(attempts.reporting(AwsRetryStrategy.standardRetryStrategy()
					.toBuilder()
					.maxAttempts(timeouts.maxAttempts())
					.backoffStrategy(BackoffStrategy.exponentialDelay(RETRY_BASE_DELAY, RETRY_MAX_DELAY))
					.throttlingBackoffStrategy(
							BackoffStrategy.exponentialDelay(THROTTLED_BASE_DELAY, THROTTLED_MAX_DELAY))
					.circuitBreakerEnabled(false)
					.build())));
		URI endpoint = config.endpoint();
		if (endpoint != null) {
			builder.endpointOverride(endpoint);
		}
		return builder.build();
	}

	/** The per-request deadlines of a request that uploads {@code uploadBytes}. */
	private static AwsRequestOverrideConfiguration deadlines(BucketTimeouts timeouts, long uploadBytes) {
		return AwsRequestOverrideConfiguration.builder()
			.apiCallAttemptTimeout(timeouts.attemptTimeoutFor(uploadBytes))
			.apiCallTimeout(timeouts.callTimeoutFor(uploadBytes))
			.build();
	}

	private AwsRequestOverrideConfiguration deadlines(long uploadBytes) {
		return uploadBytes <= 0 ? deadlines : deadlines(timeouts, uploadBytes);
	}

	private static String requireBucket(String bucket) {
		if (bucket == null || bucket.isBlank()) {
			throw new IllegalArgumentException("bucket name is missing");
		}
		return bucket;
	}

	private static long requireThreshold(long multipartThreshold) {
		if (multipartThreshold < 5L * 1024 * 1024) {
			throw new IllegalArgumentException("multipartThreshold must be at least 5 MiB (the S3 minimum part size), "
					+ "got " + multipartThreshold);
		}
		return multipartThreshold;
	}

	private static String describe(S3Client s3, String bucket) {
		Optional<URI> endpoint = s3.serviceClientConfiguration().endpointOverride();
		return "s3://" + bucket + endpoint.map((uri) -> " at " + uri)
			.orElseGet(() -> " (AWS, " + s3.serviceClientConfiguration().region() + ")");
	}

	/** The bucket this client reads and writes. */
	public String bucket() {
		return bucket;
	}

	@Override
	public Optional<StoredObject> get(String key) {
		checkKey("read", key);
		try {
			ResponseBytes<GetObjectResponse> object = attempts.during("GET " + key,
					() -> s3.getObjectAsBytes((b) -> b.bucket(bucket).key(key).overrideConfiguration(deadlines)));
			bucketKnownToExist = true;
			return Optional.of(new StoredObject(object.asByteArrayUnsafe(), etag(object.response().eTag())));
		}
		catch (SdkException ex) {
			if (isMissingKey(ex)) {
				return Optional.empty();
			}
			throw failure("read", key, ex);
		}
	}

	@Override
	public ConditionalGet getIfChanged(String key, @Nullable String etag) {
		if (etag == null) {
			return ConditionalGet.of(get(key), null);
		}
		checkKey("read", key);
		try {
			ResponseBytes<GetObjectResponse> object = attempts.during("GET " + key, () -> s3.getObjectAsBytes((b) -> b
				.bucket(bucket)
				.key(key)
				.ifNoneMatch(quoted(etag))
				.overrideConfiguration(deadlines)));
			bucketKnownToExist = true;
			return ConditionalGet.changed(new StoredObject(object.asByteArrayUnsafe(), etag(object.response().eTag())));
		}
		catch (SdkException ex) {
			if (status(ex) == 304) {
				return ConditionalGet.notModified();
			}
			if (isMissingKey(ex)) {
				return ConditionalGet.missing();
			}
			throw failure("read", key, ex);
		}
	}

	@Override
	public Optional<InputStream> openStream(String key) {
		checkKey("open", key);
		try {
			// The deadlines bound the request up to the first byte of the body; the read timeout bounds each read after.
			InputStream stream = attempts.during("GET " + key,
					() -> s3.getObject((b) -> b.bucket(bucket).key(key).overrideConfiguration(deadlines)));
			bucketKnownToExist = true;
			return Optional.of(stream);
		}
		catch (SdkException ex) {
			if (isMissingKey(ex)) {
				return Optional.empty();
			}
			throw failure("open", key, ex);
		}
	}

	@Override
	public Optional<InputStream> openStream(String key, long offset, long length) {
		checkKey("open", key);
		ByteRange.check(offset, length);
		try {
			InputStream stream = s3.getObject((b) -> b.bucket(bucket).key(key).range(ByteRange.header(offset, length)));
			bucketKnownToExist = true;
			return Optional.of(stream);
		}
		catch (SdkException ex) {
			if (isMissingKey(ex)) {
				return Optional.empty();
			}
			if (status(ex) == 416) {
				// Range Not Satisfiable: the object ends before the range starts, which reads as no bytes.
				return Optional.of(InputStream.nullInputStream());
			}
			throw failure("open", key, ex);
		}
	}

	@Override
	public Optional<ObjectInfo> head(String key) {
		checkKey("stat", key);
		try {
			HeadObjectResponse response = attempts.during("HEAD " + key,
					() -> s3.headObject((b) -> b.bucket(bucket).key(key).overrideConfiguration(deadlines)));
			bucketKnownToExist = true;
			return Optional.of(new ObjectInfo(key, response.contentLength(), etag(response.eTag()),
					response.lastModified()));
		}
		catch (SdkException ex) {
			if (status(ex) == 404 && !(ex instanceof NoSuchBucketException)) {
				checkBucketExists("stat", key);
				return Optional.empty();
			}
			throw failure("stat", key, ex);
		}
	}

	@Override
	public String put(String key, byte[] data, int length, WriteCondition condition) {
		checkKey("write", key);
		PutObjectRequest.Builder request = PutObjectRequest.builder()
			.bucket(bucket)
			.key(key)
			.contentLength((long) length)
			.contentMD5(base64Md5(data, length))
			.overrideConfiguration(deadlines(length));
		switch (condition.kind()) {
			case NONE -> {
			}
			case IF_ABSENT -> request.ifNoneMatch("*");
			case IF_MATCH -> request.ifMatch(quoted(Objects.requireNonNull(condition.etag())));
		}
		try {
			// A stream over the caller's array instead of fromBytes, which would copy it; retries reopen it.
			RequestBody body = RequestBody.fromContentProvider(() -> new java.io.ByteArrayInputStream(data, 0, length),
					length, "application/octet-stream");
			String etag = etag(attempts.during("PUT " + key, () -> s3.putObject(request.build(), body)).eTag());
			bucketKnownToExist = true;
			return etag;
		}
		catch (SdkException ex) {
			// If-Match on a key with no object is answered 404 NoSuchKey by AWS S3: the condition does not hold.
			if (isPreconditionFailure(ex)
					|| (condition.kind() == WriteCondition.Kind.IF_MATCH && isMissingKey(ex))) {
				throw new PreconditionFailedException(key, condition);
			}
			throw failure("write", key, ex);
		}
	}

	@Override
	public String putFile(String key, Path file) {
		checkKey("upload", key);
		long size;
		try {
			size = Files.size(file);
		}
		catch (NoSuchFileException ex) {
			throw new BucketException("Cannot upload " + file + " to '" + key + "' in " + description
					+ ": the file does not exist", ex);
		}
		catch (IOException ex) {
			throw new BucketException("Cannot upload " + file + " to '" + key + "' in " + description + ": " + ex,
					ex);
		}
		if (size < multipartThreshold) {
			try {
				return etag(attempts.during("PUT " + key, () -> s3.putObject((b) -> b.bucket(bucket)
					.key(key)
					.contentLength(size)
					.overrideConfiguration(deadlines(size)), RequestBody.fromFile(file))).eTag());
			}
			catch (SdkException | UncheckedIOException ex) {
				throw failure("upload " + file + " to", key, ex);
			}
		}
		return putMultipart(key, file, size);
	}

	/**
	 * Uploads {@code file} in parts, one at a time, each streamed from the file twice (once for its MD5, once to
	 * send it), so memory use does not grow with the file. Any failure aborts the upload so that no parts are
	 * left behind to be billed.
	 */
	private String putMultipart(String key, Path file, long size) {
		long partSize = Math.max(Math.min(PART_SIZE, multipartThreshold), (size + MAX_PARTS - 1) / MAX_PARTS);
		String uploadId;
		try {
			uploadId = attempts.during("POST " + key + "?uploads", () -> s3.createMultipartUpload(
					(b) -> b.bucket(bucket).key(key).overrideConfiguration(deadlines))).uploadId();
		}
		catch (SdkException ex) {
			throw failure("start a multipart upload of " + file + " to", key, ex);
		}
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			List<CompletedPart> parts = new ArrayList<>();
			int partNumber = 1;
			for (long offset = 0; offset < size; offset += partSize, partNumber++) {
				long start = offset;
				long length = Math.min(partSize, size - offset);
				int number = partNumber;
				String md5 = base64Md5(channel, start, length);
				UploadPartResponse uploaded = attempts.during("PUT " + key + " part " + number,
						() -> s3.uploadPart((b) -> b.bucket(bucket)
							.key(key)
							.uploadId(uploadId)
							.partNumber(number)
							.contentLength(length)
							.contentMD5(md5)
							.overrideConfiguration(deadlines(length)), RequestBody.fromContentProvider(
									() -> new FileRegionInputStream(channel, start, length), length,
									"application/octet-stream")));
				// With ChecksumMode.WHEN_SUPPORTED the SDK gives each part a checksum, and S3 then wants them all
				// repeated when the upload is completed.
				parts.add(CompletedPart.builder()
					.partNumber(number)
					.eTag(uploaded.eTag())
					.checksumCRC32(uploaded.checksumCRC32())
					.checksumCRC32C(uploaded.checksumCRC32C())
					.checksumCRC64NVME(uploaded.checksumCRC64NVME())
					.checksumSHA1(uploaded.checksumSHA1())
					.checksumSHA256(uploaded.checksumSHA256())
					.build());
			}
			String etag = etag(attempts.during("POST " + key + "?uploadId", () -> s3.completeMultipartUpload(
					(b) -> b.bucket(bucket)
						.key(key)
						.uploadId(uploadId)
						.multipartUpload((u) -> u.parts(parts))
						.overrideConfiguration(deadlines))).eTag());
			bucketKnownToExist = true;
			return etag;
		}
		catch (SdkException | IOException | UncheckedIOException ex) {
			abort(key, uploadId, ex);
			throw failure("upload " + file + " (" + size + " bytes, in parts) to", key, ex);
		}
		catch (RuntimeException | Error ex) {
			abort(key, uploadId, ex);
			throw ex;
		}
	}

	private void abort(String key, String uploadId, Throwable cause) {
		try {
			attempts.during("DELETE " + key + "?uploadId", () -> s3.abortMultipartUpload(
					(b) -> b.bucket(bucket).key(key).uploadId(uploadId).overrideConfiguration(deadlines)));
		}
		catch (SdkException ex) {
			cause.addSuppressed(ex);
			logger.warn("Could not abort the multipart upload of '{}' in {}; a lifecycle rule for incomplete "
					+ "uploads will remove its parts: {}", key, description, ex.getMessage());
		}
	}

	@Override
	public void delete(String key) {
		checkKey("delete", key);
		try {
			attempts.during("DELETE " + key,
					() -> s3.deleteObject((b) -> b.bucket(bucket).key(key).overrideConfiguration(deadlines)));
		}
		catch (SdkException ex) {
			if (!isMissingKey(ex)) {
				throw failure("delete", key, ex);
			}
		}
	}

	@Override
	public List<ObjectInfo> list(String prefix) {
		Objects.requireNonNull(prefix, "prefix");
		List<ObjectInfo> result = new ArrayList<>();
		String token = null;
		try {
			do {
				ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket);
				if (!prefix.isEmpty()) {
					request.prefix(prefix);
				}
				if (token != null) {
					request.continuationToken(token);
				}
				ListObjectsV2Response page = attempts.during("LIST " + prefix,
						() -> s3.listObjectsV2(request.overrideConfiguration(deadlines).build()));
				for (S3Object object : page.contents()) {
					result.add(new ObjectInfo(object.key(), object.size(), etag(object.eTag()), object.lastModified()));
				}
				token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
			}
			while (token != null);
		}
		catch (SdkException ex) {
			throw new BucketException("Cannot list '" + prefix + "' in " + description + ": " + reason(ex), ex);
		}
		bucketKnownToExist = true;
		return result;
	}

	@Override
	public String describe() {
		return description;
	}

	@Override
	public void close() {
		if (ownsClient) {
			s3.close();
		}
	}

	@Override
	public String toString() {
		return "S3BucketClient[" + description + "]";
	}

	private void checkBucketExists(String operation, String key) {
		if (bucketKnownToExist) {
			return;
		}
		try {
			attempts.during("HEAD bucket",
					() -> s3.headBucket((b) -> b.bucket(bucket).overrideConfiguration(deadlines)));
			bucketKnownToExist = true;
		}
		catch (SdkException ex) {
			if (status(ex) == 404) {
				throw new BucketException("Cannot " + operation + " '" + key + "' in " + description
						+ ": the bucket '" + bucket + "' does not exist", ex);
			}
			// Credentials may be scoped to objects only; a missing key is then the only reading left.
			logger.debug("Cannot check that bucket {} exists: {}", description, ex.getMessage());
			bucketKnownToExist = true;
		}
	}

	private static boolean isMissingKey(SdkException ex) {
		if (ex instanceof NoSuchKeyException) {
			return true;
		}
		if (ex instanceof NoSuchBucketException || status(ex) != 404) {
			return false;
		}
		String code = errorCode(ex);
		return code == null || code.isEmpty() || code.equals("NoSuchKey") || code.equals("NotFound");
	}

	private static boolean isPreconditionFailure(SdkException ex) {
		int status = status(ex);
		return status == 412 || (status == 409 && "ConditionalRequestConflict".equals(errorCode(ex)));
	}

	private static int status(SdkException ex) {
		return (ex instanceof AwsServiceException service) ? service.statusCode() : -1;
	}

	private static @Nullable String errorCode(SdkException ex) {
		if (ex instanceof AwsServiceException service && service.awsErrorDetails() != null) {
			return service.awsErrorDetails().errorCode();
		}
		return null;
	}

	private BucketException failure(String operation, String key, Exception ex) {
		return new BucketException("Cannot " + operation + " '" + key + "' in " + description + ": " + reason(ex),
				ex);
	}

	/** Why a request failed, in words an operator can act on. */
	private String reason(Exception ex) {
		if (ex instanceof NoSuchBucketException || (ex instanceof SdkException sdk && "NoSuchBucket".equals(
				errorCode(sdk)))) {
			return "the bucket '" + bucket + "' does not exist";
		}
		if (ex instanceof AwsServiceException service) {
			String code = errorCode(service);
			String message = service.awsErrorDetails() != null ? service.awsErrorDetails().errorMessage() : null;
			String detail = "HTTP " + service.statusCode() + (code != null ? " " + code : "")
					+ (message != null ? ": " + message : "");
			if (service.statusCode() == 403) {
				return "access denied (" + detail + "); check the credentials and their permissions on bucket '"
						+ bucket + "'";
			}
			if (service.statusCode() == 301 || "PermanentRedirect".equals(code)
					|| "AuthorizationHeaderMalformed".equals(code)) {
				return detail + "; check the region and endpoint";
			}
			return detail;
		}
		if (ex instanceof AbortedException || Thread.currentThread().isInterrupted()) {
			return "the thread was interrupted";
		}
		if (ex instanceof ApiCallTimeoutException) {
			return "no answer within the call deadline of " + BucketTimeouts.seconds(timeouts.callTimeout()) + " ("
					+ attemptsDescription() + "); if the bucket is only slow, raise the call timeout "
					+ "(buckethead.bucket.call-timeout / BUCKETHEAD_BUCKET__CALL_TIMEOUT_SECONDS)";
		}
		if (ex instanceof ApiCallAttemptTimeoutException) {
			return "no attempt finished within the attempt deadline of "
					+ BucketTimeouts.seconds(timeouts.attemptTimeout()) + " (" + attemptsDescription() + ")";
		}
		if (ex instanceof SdkClientException) {
			return "the server could not be reached or did not answer in time (" + attemptsDescription() + "): "
					+ ex.getMessage();
		}
		return String.valueOf(ex.getMessage());
	}

	private String attemptsDescription() {
		return ownsClient ? timeouts.describe()
				: "attempts of at most " + BucketTimeouts.seconds(timeouts.attemptTimeout()) + ", retried as the "
						+ "application's S3Client is configured";
	}

	private static void checkKey(String operation, String key) {
		String problem = keyProblem(key);
		if (problem != null) {
			throw new BucketException("Cannot " + operation + " invalid object key '" + key + "': " + problem);
		}
	}

	private static @Nullable String keyProblem(@Nullable String key) {
		if (key == null || key.isEmpty()) {
			return "keys are non-empty";
		}
		if (key.startsWith("/") || key.endsWith("/")) {
			return "keys neither start nor end with '/'";
		}
		if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
			return "keys are at most " + MAX_KEY_BYTES + " bytes long";
		}
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c < 0x20 || c == 0x7f || c == '\\') {
				return "keys contain no control characters or '\\'";
			}
		}
		for (String segment : key.split("/", -1)) {
			if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
				return "segment '" + segment + "' is empty, '.' or '..'";
			}
		}
		return null;
	}

	/** S3 quotes ETags; BucketHead passes them around bare. */
	static String etag(@Nullable String etag) {
		if (etag == null) {
			return "";
		}
		String bare = etag.startsWith("W/") ? etag.substring(2) : etag;
		if (bare.length() >= 2 && bare.startsWith("\"") && bare.endsWith("\"")) {
			bare = bare.substring(1, bare.length() - 1);
		}
		return bare;
	}

	private static String quoted(String etag) {
		return "\"" + etag(etag) + "\"";
	}

	private static String base64Md5(byte[] data, int length) {
		MessageDigest md5 = md5();
		md5.update(data, 0, length);
		return Base64.getEncoder().encodeToString(md5.digest());
	}

	private static String base64Md5(FileChannel channel, long start, long length) throws IOException {
		MessageDigest md5 = md5();
		ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
		long position = start;
		long end = start + length;
		while (position < end) {
			buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
			int read = channel.read(buffer, position);
			if (read < 0) {
				throw new IOException("the file became shorter while it was being uploaded");
			}
			buffer.flip();
			md5.update(buffer);
			position += read;
		}
		return Base64.getEncoder().encodeToString(md5.digest());
	}

	private static MessageDigest md5() {
		try {
			return MessageDigest.getInstance("MD5");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("MD5 is part of every Java runtime", ex);
		}
	}

	/**
	 * Reads a region of a file by position, so that every retry of a part gets a fresh stream and parts share
	 * one channel without seeking it.
	 */
	private static final class FileRegionInputStream extends InputStream {

		private final FileChannel channel;

		private long position;

		private final long end;

		FileRegionInputStream(FileChannel channel, long start, long length) {
			this.channel = channel;
			this.position = start;
			this.end = start + length;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			Objects.checkFromIndexSize(off, len, b.length);
			if (position >= end) {
				return -1;
			}
			if (len == 0) {
				return 0;
			}
			int wanted = (int) Math.min(len, end - position);
			int read = channel.read(ByteBuffer.wrap(b, off, wanted), position);
			if (read < 0) {
				throw new IOException("the file became shorter while it was being uploaded");
			}
			position += read;
			return read;
		}

		@Override
		public int available() {
			return (int) Math.min(Integer.MAX_VALUE, end - position);
		}

	}

}
