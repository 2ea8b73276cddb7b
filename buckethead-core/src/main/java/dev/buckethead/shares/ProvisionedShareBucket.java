package dev.buckethead.shares;

import java.util.List;
import java.util.Map;

import dev.buckethead.bucket.PublicAccess;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ShareBuckets#provision} did, and what to configure.
 *
 * @param bucket the share bucket's name
 * @param created whether it was created now (false: it already existed and is ours)
 * @param publicAccess whether and how it was made public-read
 * @param publicBaseUrl the URL its objects are served under when public-read, as far as the endpoint tells
 * (path-style {@code <endpoint>/<bucket>}); null when private or unknown. Providers that serve public buckets
 * from another domain (R2) need theirs instead.
 * @param notes what went wrong or needs doing by hand, such as "policy not supported"
 * @param environment the {@code BUCKETHEAD_SHARE__*} variables to set
 */
public record ProvisionedShareBucket(String bucket, boolean created, PublicAccess publicAccess,
		@Nullable String publicBaseUrl, List<String> notes, Map<String, String> environment) {

	public ProvisionedShareBucket {
		notes = List.copyOf(notes);
		environment = Map.copyOf(environment);
	}

}
