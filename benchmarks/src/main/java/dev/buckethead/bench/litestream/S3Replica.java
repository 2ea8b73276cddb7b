package dev.buckethead.bench.litestream;

import java.net.URI;

/**
 * Where Litestream replicates to: a bucket and a key prefix on an S3 endpoint (path-style), with the credentials it
 * receives through its environment, never in its config file. {@link #toString()} leaves the secret out.
 */
public record S3Replica(URI endpoint, String region, String bucket, String path, String accessKey, String secretKey) {

	@Override
	public String toString() {
		return "s3://" + bucket + "/" + path + " at " + endpoint + " (" + region + ")";
	}

}
