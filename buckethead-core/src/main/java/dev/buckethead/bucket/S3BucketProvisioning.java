package dev.buckethead.bucket;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;

/**
 * Creates a bucket, or adopts one these credentials already own, and when asked tries to make its objects
 * readable by anyone: a bucket policy first, then, on a server without bucket policies (S3Proxy, some
 * S3-compatible stores), the canned ACL {@code public-read}; if that fails too the bucket stays private and the
 * result says so instead of failing. The S3 side of {@code ShareBuckets}.
 */
public final class S3BucketProvisioning {

	private S3BucketProvisioning() {
	}

	/**
	 * What provisioning did.
	 * @param publicBaseUrl the URL the bucket's objects are served under when public and the endpoint is known
	 * @param notes what the server refused, and what that means
	 */
	public record Provisioned(String bucket, boolean created, PublicAccess publicAccess,
			@Nullable String publicBaseUrl, List<String> notes) {
	}

	/** Provisions {@code config}'s bucket through a client of its own, closed before returning. */
	public static Provisioned provision(BucketConfig config, boolean publicRead) {
		try (S3Client s3 = S3BucketClient.newS3Client(config)) {
			return provision(s3, config.bucket(), publicRead);
		}
	}

	/**
	 * Creates {@code bucket}, or adopts it if it already exists and belongs to these credentials, and when
	 * {@code publicRead} tries to make its objects readable by anyone.
	 * @throws BucketException if the bucket cannot be created (name taken by someone else, no permission)
	 */
	public static Provisioned provision(S3Client s3, String bucket, boolean publicRead) {
		boolean created = create(s3, bucket);
		List<String> notes = new ArrayList<>();
		PublicAccess access = publicRead ? makePublic(s3, bucket, notes) : PublicAccess.PRIVATE;
		String publicBaseUrl = (access == PublicAccess.POLICY || access == PublicAccess.ACL)
				? s3.serviceClientConfiguration().endpointOverride().map((endpoint) -> baseUrl(endpoint, bucket))
					.orElse(null)
				: null;
		return new Provisioned(bucket, created, access, publicBaseUrl, notes);
	}

	/** The policy that lets anyone read the objects of {@code bucket}, and nothing else. */
	static String publicReadPolicy(String bucket) {
		return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"BucketHeadPublicShares\",\"Effect\":\"Allow\","
				+ "\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + bucket + "/*\"}]}";
	}

	private static boolean create(S3Client s3, String bucket) {
		try {
			s3.createBucket((request) -> request.bucket(bucket));
			return true;
		}
		catch (BucketAlreadyOwnedByYouException ex) {
			return false;
		}
		catch (SdkException ex) {
			if (ownsExisting(s3, bucket)) {
				return false;
			}
			throw new BucketException("Cannot create the bucket '" + bucket + "': " + ex.getMessage()
					+ " (a bucket name is global on AWS S3: if another account owns it, choose another name)", ex);
		}
	}

	private static boolean ownsExisting(S3Client s3, String bucket) {
		try {
			s3.headBucket((request) -> request.bucket(bucket));
			return true;
		}
		catch (SdkException ex) {
			return false;
		}
	}

	private static PublicAccess makePublic(S3Client s3, String bucket, List<String> notes) {
		Optional<String> policyRefused = attempt(() -> s3.putBucketPolicy((request) -> request.bucket(bucket)
			.policy(publicReadPolicy(bucket))));
		if (policyRefused.isEmpty()) {
			return PublicAccess.POLICY;
		}
		notes.add("policy not supported: " + policyRefused.get());
		Optional<String> aclRefused = attempt(() -> s3.putBucketAcl((request) -> request.bucket(bucket)
			.acl(BucketCannedACL.PUBLIC_READ)));
		if (aclRefused.isEmpty()) {
			notes.add("the bucket's ACL is public-read; some servers (S3Proxy) still serve an object anonymously only "
					+ "when its own ACL is public-read, so open one link before relying on public URLs");
			return PublicAccess.ACL;
		}
		notes.add("public-read ACL not supported: " + aclRefused.get());
		notes.add("the bucket is private; links will be presigned unless it is made public by other means");
		return PublicAccess.NOT_SUPPORTED;
	}

	/** Runs a request; empty when it succeeded, else why the server refused it. */
	private static Optional<String> attempt(Runnable request) {
		try {
			request.run();
			return Optional.empty();
		}
		catch (AwsServiceException ex) {
			return Optional.of((ex.awsErrorDetails() != null) ? ex.statusCode() + " "
					+ ex.awsErrorDetails().errorCode() + ": " + ex.awsErrorDetails().errorMessage() : ex.getMessage());
		}
		catch (SdkException ex) {
			return Optional.of(ex.getMessage());
		}
	}

	private static @Nullable String baseUrl(URI endpoint, String bucket) {
		String base = endpoint.toString().replaceAll("/+$", "");
		return base.isEmpty() ? null : base + "/" + bucket;
	}

}
