package dev.buckethead.bucket;

/**
 * An object read whole from a bucket.
 *
 * @param data the object's bytes
 * @param etag the ETag the bucket gave this version, for a later {@link WriteCondition#ifMatch(String)}
 */
public record StoredObject(byte[] data, String etag) {

	@Override
	public String toString() {
		return "StoredObject[" + data.length + " bytes, etag=" + etag + "]";
	}

}
