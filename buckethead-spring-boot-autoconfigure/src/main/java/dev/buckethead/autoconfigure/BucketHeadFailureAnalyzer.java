package dev.buckethead.autoconfigure;

import dev.buckethead.BucketHeadException;
import dev.buckethead.autoconfigure.BucketHeadProperties.Bucket;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
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
 * The bucket is named as the auto-configuration reached it: from the application's
 * {@link BucketHeadConnectionDetails} bean when it has one (a Testcontainers or Docker Compose service
 * connection), else from {@code buckethead.bucket.*}. Nothing shown holds a credential: core's messages never do,
 * the configured keys are redacted besides, and a bucket's description never includes them.
 */
class BucketHeadFailureAnalyzer extends AbstractFailureAnalyzer<BucketHeadException> {

	private final @Nullable BeanFactory beanFactory;

	private final Environment environment;

	/** Spring Boot passes the failed context's bean factory, null when the failure came before there was one. */
	BucketHeadFailureAnalyzer(@Nullable BeanFactory beanFactory, Environment environment) {
		this.beanFactory = beanFactory;
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
		String bucket = describe(properties.getBucket(), connectionDetails());
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

	/**
	 * The application's own connection details, if it has one such bean. Obtained again from its definition
	 * (a failed refresh has destroyed the singletons); when that fails too, the properties describe the bucket.
	 */
	private @Nullable BucketHeadConnectionDetails connectionDetails() {
		if (!(this.beanFactory instanceof ListableBeanFactory beans)) {
			return null;
		}
		try {
			String[] names = beans.getBeanNamesForType(BucketHeadConnectionDetails.class, true, false);
			if (names.length != 1) {
				return null;
			}
			BucketHeadConnectionDetails details = beans.getBean(names[0], BucketHeadConnectionDetails.class);
			return (details instanceof PropertiesBucketHeadConnectionDetails) ? null : details;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** The bucket as its client describes itself, so that a message that already names it is not repeated. */
	private static @Nullable String describe(Bucket bucket, @Nullable BucketHeadConnectionDetails details) {
		if (details != null) {
			try {
				return S3BucketClientFactory.bucketConfig(bucket, details).describe();
			}
			catch (RuntimeException ex) {
				return null;
			}
		}
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
