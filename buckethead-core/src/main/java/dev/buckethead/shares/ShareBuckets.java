package dev.buckethead.shares;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.buckethead.bucket.BucketConfig;
import dev.buckethead.bucket.PublicAccess;
import dev.buckethead.bucket.S3BucketProvisioning;
import dev.buckethead.config.BucketHeadConfigException;
import org.jspecify.annotations.Nullable;

/**
 * Creates a project's share bucket, for the CLI's {@code provision share-bucket} and for setup code: the name
 * after the project, the bucket itself by {@link S3BucketProvisioning} (public-read when asked, where the server
 * allows), and the {@code BUCKETHEAD_SHARE__*} settings that point BucketHead at it.
 */
public final class ShareBuckets {

	private static final int MAX_BUCKET_NAME = 63;

	private static final String SUFFIX = "-share";

	private ShareBuckets() {
	}

	/** The share bucket name of {@code project}: {@code <project>-share}, made a valid bucket name. */
	public static String bucketNameFor(String project) {
		String stem = (project == null) ? "" : project.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9-]+", "-")
			.replaceAll("-{2,}", "-")
			.replaceAll("^-+|-+$", "");
		if (stem.length() > MAX_BUCKET_NAME - SUFFIX.length()) {
			stem = stem.substring(0, MAX_BUCKET_NAME - SUFFIX.length()).replaceAll("-+$", "");
		}
		if (stem.isEmpty()) {
			throw new BucketHeadConfigException(List.of("project name '" + project + "' has no letters or digits to "
					+ "name a share bucket after; give the bucket name instead"));
		}
		return stem + SUFFIX;
	}

	/**
	 * Creates {@code config}'s bucket, or adopts it if it already exists and belongs to these credentials, and
	 * when {@code publicRead} tries to make its objects readable by anyone; through a client of its own.
	 * @throws dev.buckethead.bucket.BucketException if the bucket cannot be created (name taken by someone else,
	 * no permission)
	 */
	public static ProvisionedShareBucket provisionBucket(BucketConfig config, boolean publicRead) {
		return describe(S3BucketProvisioning.provision(config, publicRead));
	}

	/** The share bucket's settings, and what is left to set by hand. */
	private static ProvisionedShareBucket describe(S3BucketProvisioning.Provisioned provisioned) {
		String bucket = provisioned.bucket();
		PublicAccess access = provisioned.publicAccess();
		String publicBaseUrl = provisioned.publicBaseUrl();
		List<String> notes = new ArrayList<>(provisioned.notes());
		if ((access == PublicAccess.POLICY || access == PublicAccess.ACL) && publicBaseUrl == null) {
			notes.add("set " + ShareEnvironment.PUBLIC_BASE_URL + " to the URL the bucket's objects are served under");
		}
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put(ShareEnvironment.BUCKET, bucket);
		if (publicBaseUrl != null) {
			environment.put(ShareEnvironment.PUBLIC_BASE_URL, publicBaseUrl);
		}
		return new ProvisionedShareBucket(bucket, provisioned.created(), access, publicBaseUrl, notes, environment);
	}

}
