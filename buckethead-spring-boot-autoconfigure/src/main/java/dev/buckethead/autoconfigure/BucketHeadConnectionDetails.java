package dev.buckethead.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where BucketHead's bucket is and how to sign in to it. The auto-configuration reads these rather than
 * {@code buckethead.bucket.*} directly, so that a bean of this type (a Testcontainers or Docker Compose service
 * connection for MinIO, say) supplies the bucket in place of the properties; how to talk to it (addressing,
 * checksums, deadlines) stays {@code buckethead.bucket.*}. Without such a bean it is built from the properties,
 * and only when {@code buckethead.bucket.name} is set.
 */
public interface BucketHeadConnectionDetails extends ConnectionDetails {

	/** The bucket's name. */
	String getBucket();

	/** The S3 endpoint; null means AWS S3, found from the region. */
	@Nullable URI getEndpoint();

	/** The region; null means core's default ({@code us-east-1}). */
	@Nullable String getRegion();

	/** Static credentials; null means the AWS SDK's default credentials chain. */
	@Nullable Credentials getCredentials();

	/**
	 * An access key pair. Never shown: {@link #toString()} redacts both parts.
	 */
	record Credentials(String accessKeyId, String secretAccessKey) {

		@Override
		public String toString() {
			return "Credentials[<redacted>]";
		}

	}

}
