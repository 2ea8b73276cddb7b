package dev.buckethead.encryption;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

import dev.buckethead.bucket.BucketException;
import dev.buckethead.bucket.ObjectInfo;
import dev.buckethead.bucket.PreconditionFailedException;
import dev.buckethead.bucket.StoredObject;
import dev.buckethead.bucket.WriteCondition;

/**
 * Re-seals with the ring's primary key every object that an older key sealed, under the given prefixes, then the
 * marker: after it, the old keys can leave the ring. Keys and content stay (names are keyed by the marker's name
 * key, which a rotation keeps), so every manifest, claim and head still names the same objects. Objects sealed
 * with the primary key already are skipped (one 40-byte ranged read each), so a rotation that stopped half-way
 * is simply run again.
 * <p>
 * Every object under the snapshot key is re-sealed, not one branch's: branches share chunks and packs (that is
 * the deduplication), so the old key can only retire once all of them are re-sealed.
 */
public final class KeyRotation {

	/** Objects up to this size are re-sealed in memory, conditionally on their ETag; larger ones via a file. */
	private static final long IN_MEMORY = 64L * 1024 * 1024;

	private KeyRotation() {
	}

	/**
	 * @param resealed objects sealed again with the primary key
	 * @param current objects already sealed with it
	 * @param changed objects that changed while being re-sealed (a head moved): sealed by their writer, who uses
	 * the primary key when the writer runs with the new ring; run the rotation again to check
	 */
	public record Report(int resealed, int current, int changed) {
	}

	public static Report rotate(EncryptingBucketClient sealed, List<String> prefixes, String markerKey) {
		String primary = sealed.keyRing().primary().id();
		int resealed = 0;
		int current = 0;
		int changed = 0;
		for (String prefix : prefixes) {
			for (ObjectInfo object : sealed.list(prefix)) {
				if (object.key().equals(markerKey)) {
					continue;
				}
				Optional<String> keyId = sealed.keyIdOf(object.key());
				if (keyId.isEmpty()) {
					continue; // deleted since the listing (gc)
				}
				if (keyId.get().equals(primary)) {
					current++;
				}
				else if (reseal(sealed, object)) {
					resealed++;
				}
				else {
					changed++;
				}
			}
		}
		BucketEncryption.reseal(sealed, markerKey);
		return new Report(resealed, current, changed);
	}

	private static boolean reseal(EncryptingBucketClient sealed, ObjectInfo object) {
		String key = object.key();
		if (object.size() <= IN_MEMORY) {
			Optional<StoredObject> stored = sealed.get(key);
			if (stored.isEmpty()) {
				return false;
			}
			try {
				sealed.put(key, stored.get().data(), WriteCondition.ifMatch(stored.get().etag()));
				return true;
			}
			catch (PreconditionFailedException ex) {
				return false;
			}
		}
		// Large objects are blobs and packs: immutable, so an unconditional rewrite of the same content is safe.
		Path plain = null;
		try (InputStream in = sealed.openStream(key).orElse(null)) {
			if (in == null) {
				return false;
			}
			plain = Files.createTempFile("buckethead-rotate-", ".tmp");
			Files.copy(in, plain, StandardCopyOption.REPLACE_EXISTING);
			sealed.putFile(key, plain);
			return true;
		}
		catch (IOException ex) {
			throw new BucketException("Cannot re-seal '" + key + "' (staging it in " + plain + "): " + ex, ex);
		}
		finally {
			if (plain != null) {
				plain.toFile().delete();
			}
		}
	}

}
