package dev.buckethead.snapshot;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.encryption.BucketEncryption;
import dev.buckethead.encryption.KeyProvider;
import org.jspecify.annotations.Nullable;

/**
 * The bucket and layout one snapshot key is read and written through: the plain bucket and hash names, or (with
 * encryption) the sealing client and keyed names. The one place the engine, the CLI and the benchmarks decide
 * it, so none of them can open an encrypted snapshot key plain or the reverse.
 *
 * @param bucket the client every snapshot object and FileStore blob goes through
 * @param layout where objects live, with the names content-addressed objects get
 */
public record SnapshotBucket(BucketClient bucket, SnapshotLayout layout) {

	/**
	 * @param keys the encryption keys, or null for a plain snapshot key
	 * @throws dev.buckethead.encryption.EncryptionException when keys are given and the stored snapshots are plain,
	 * or the keys do not open them (a plain reader of encrypted snapshots fails on the first object it reads)
	 */
	public static SnapshotBucket open(BucketClient bucket, String snapshotKey, @Nullable KeyProvider keys) {
		SnapshotLayout layout = new SnapshotLayout(snapshotKey);
		if (keys == null) {
			// No request here: a plain reader refuses each sealed object it meets (SnapshotStore), and the one
			// path that can start a plain branch in an encrypted bucket, a missing head, checks the marker.
			return new SnapshotBucket(bucket, layout);
		}
		BucketEncryption.Encrypted encrypted = BucketEncryption.open(bucket, layout.encryptionMarkerKey(),
				layout.root(), keys);
		return new SnapshotBucket(encrypted.client(), layout.withNames(encrypted.names()));
	}

	public SnapshotStore store() {
		return new SnapshotStore(bucket, layout);
	}

}
