package dev.buckethead.bucket;

import java.net.URI;
import java.util.List;

import dev.buckethead.config.BucketHeadConfigException;
import org.jspecify.annotations.Nullable;

/**
 * The rules for where a bucket is, stated once for every layer (the builder, the {@code BUCKETHEAD_*} settings,
 * the Spring properties, the CLI): what an endpoint may be, where a Cloudflare account's R2 endpoint is, and how
 * a second bucket (the share bucket) takes what it leaves unset from the first.
 */
public final class Endpoints {

	/** What an endpoint must be, in the words every layer's error message uses. */
	public static final String ENDPOINT_RULE = "must be an http(s) URL such as https://host:port";

	/** The region R2 expects; any value works for S3Proxy and MinIO. */
	public static final String R2_REGION = "auto";

	private Endpoints() {
	}

	/** Whether {@code url} is an absolute http or https URL with a host. */
	public static boolean isHttpUrl(@Nullable URI url) {
		return url != null && url.getHost() != null
				&& ("http".equals(url.getScheme()) || "https".equals(url.getScheme()));
	}

	/** Whether {@code url} is an http(s) URL without query or fragment, under which object keys can be appended. */
	public static boolean isBaseUrl(@Nullable String url) {
		if (url == null) {
			return false;
		}
		try {
			URI uri = URI.create(url);
			return isHttpUrl(uri) && uri.getQuery() == null && uri.getFragment() == null;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * The R2 S3-API endpoint of a Cloudflare account.
	 * @throws BucketHeadConfigException if the account id is not 1-64 letters or digits
	 */
	public static URI r2(@Nullable String accountId) {
		if (accountId == null || !accountId.matches("[A-Za-z0-9]{1,64}")) {
			throw new BucketHeadConfigException(
					List.of("Cloudflare account id must be 1-64 letters or digits, got '" + accountId + "'"));
		}
		return URI.create("https://" + accountId + ".r2.cloudflarestorage.com");
	}

	/**
	 * Where a bucket is: an explicit endpoint wins; failing that, a Cloudflare account gives its R2 endpoint and
	 * region {@code auto} (unless a region is given); with neither, AWS S3 (a null endpoint).
	 */
	public static Location resolve(@Nullable URI endpoint, @Nullable String cloudflareAccountId,
			@Nullable String region) {
		if (endpoint == null && cloudflareAccountId != null) {
			return new Location(r2(cloudflareAccountId), (region != null) ? region : R2_REGION);
		}
		return new Location(endpoint, region);
	}

	/**
	 * An endpoint and region, either of which may be unset (AWS S3; the builder's default region).
	 */
	public record Location(@Nullable URI endpoint, @Nullable String region) {

		/** This location, with what it leaves unset taken from {@code main}'s. */
		public Location orElse(Location main) {
			return new Location((endpoint != null) ? endpoint : main.endpoint(),
					(region != null) ? region : main.region());
		}

	}

}
