package dev.buckethead.bucket;

/** What {@link S3BucketProvisioning} managed to do to make a share bucket public-read. */
public enum PublicAccess {

	/** Not asked for: the bucket is private and links are presigned. */
	PRIVATE,

	/** A bucket policy allowing anyone to GET its objects was applied. */
	POLICY,

	/**
	 * The server refused bucket policies, but accepted the canned ACL {@code public-read} on the bucket. Whether
	 * that makes objects readable depends on the server: S3Proxy, for one, also wants each object's own ACL.
	 */
	ACL,

	/**
	 * The server supports neither: the bucket is private. Make it public by the provider's own means (R2: a
	 * public r2.dev or custom domain) or use presigned links.
	 */
	NOT_SUPPORTED

}
