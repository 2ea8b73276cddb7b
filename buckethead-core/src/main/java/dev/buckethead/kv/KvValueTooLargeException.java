package dev.buckethead.kv;

/**
 * A value is larger than {@link KvOptions#maxValueBytes()}. Values are stored inline in the in-memory database
 * and copied into every snapshot, so large payloads belong in {@code FileStore}, with only their key kept here.
 */
public class KvValueTooLargeException extends KvInvalidArgumentException {

	private final int sizeBytes;

	private final int maxValueBytes;

	public KvValueTooLargeException(String key, int sizeBytes, int maxValueBytes) {
		super("Value for key '" + key + "' is " + sizeBytes + " bytes, over the KvStore limit of " + maxValueBytes
				+ " bytes (KvOptions.maxValueBytes). Store large values in the FileStore with files().put(...) "
				+ "and keep the returned key in the KvStore instead.");
		this.sizeBytes = sizeBytes;
		this.maxValueBytes = maxValueBytes;
	}

	/** The size of the rejected value, in bytes. */
	public int sizeBytes() {
		return sizeBytes;
	}

	public int maxValueBytes() {
		return maxValueBytes;
	}

}
