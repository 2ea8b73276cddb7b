package dev.buckethead.autoconfigure;

import dev.buckethead.BucketHeadException;
import dev.buckethead.autoconfigure.BucketHeadProperties.Bucket;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Reports a start-up that failed on BucketHead (invalid configuration, refused credentials, a missing bucket, an
 * unreachable or silent endpoint, a damaged snapshot, another writer, or any other {@link BucketHeadException}) as
 * one "APPLICATION FAILED TO START" block: what failed, the bucket, and the fix in terms of the
 * {@code buckethead.*} properties. Spring Boot then logs the stack trace at DEBUG only.
 * <p>
 * Nothing shown holds a credential: core's messages never do, and the configured keys are redacted besides.
 */
class BucketHeadFailureAnalyzer extends AbstractFailureAnalyzer<BucketHeadException> {

	private final Environment environment;

	BucketHeadFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BucketHeadException cause) {
		BucketHeadFailure failure = BucketHeadFailure.of(cause);
		BucketHeadProperties properties = properties();
		String message = BucketHeadActivity.redact(String.valueOf(cause.getMessage()), properties);
		StringBuilder description = new StringBuilder();
		if (failure.summary() != null) {
			description.append("BucketHead could not start: ").append(failure.summary()).append(".\n");
		}
		String bucket = describe(properties.getBucket());
		if (failure != BucketHeadFailure.CONFIGURATION && bucket != null && !message.contains(bucket)) {
			description.append("Bucket: ").append(bucket).append('\n');
		}
		description.append(message);
		return new FailureAnalysis(description.toString(), failure.action(), cause);
	}

	/** The properties as bound so far; defaults when they cannot be bound (that failure is reported by then). */
	private BucketHeadProperties properties() {
		try {
			return Binder.get(this.environment)
				.bind("buckethead", BucketHeadProperties.class)
				.orElseGet(BucketHeadProperties::new);
		}
		catch (RuntimeException ex) {
			return new BucketHeadProperties();
		}
	}

	/** The bucket as its client describes itself, so that a message that already names it is not repeated. */
	private static @Nullable String describe(Bucket bucket) {
		if (bucket.getName() == null) {
			return "local directory " + bucket.getLocalDirectory().toAbsolutePath().normalize();
		}
		if (!S3BucketClientFactory.hasConnectionSettings(bucket)) {
			return "s3://" + bucket.getName() + " (through the application's S3Client or the AWS defaults)";
		}
		try {
			return S3BucketClientFactory.bucketConfig(bucket).describe();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
