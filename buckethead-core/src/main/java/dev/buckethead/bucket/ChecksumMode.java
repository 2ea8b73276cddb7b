package dev.buckethead.bucket;

/**
 * When the AWS SDK adds CRC checksums to requests and validates them on responses. SDK 2.30 and later send
 * them on every request by default, which some S3-compatible servers reject; {@link #WHEN_REQUIRED} is what
 * Cloudflare R2, MinIO and S3Proxy accept.
 */
public enum ChecksumMode {

	/** Only where the S3 operation requires a checksum. Works on AWS S3, R2 and MinIO. The default. */
	WHEN_REQUIRED,

	/** Wherever the operation supports one (the SDK's own default). AWS S3 only, in practice. */
	WHEN_SUPPORTED

}
