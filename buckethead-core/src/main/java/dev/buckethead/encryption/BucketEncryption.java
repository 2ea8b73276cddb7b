package dev.buckethead.encryption;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.PreconditionFailedException;
import dev.buckethead.bucket.StoredObject;
import dev.buckethead.bucket.WriteCondition;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides, once per start, whether the snapshots of one snapshot key are encrypted: the marker object (see
 * {@code SnapshotLayout#encryptionMarkerKey()}) says so. It is sealed like every object, so it is authenticated,
 * and it holds the bucket's name key: random, created with the marker, and kept across key rotations (the marker
 * is re-sealed, its content stays), so keyed names and deduplication survive a rotation.
 * <p>
 * Plain and encrypted data never mix under one snapshot key: an encrypted start refuses a bucket that already
 * holds plain snapshots there; a plain reader refuses every sealed object it reads, and a plain start of a branch
 * without a head (the one way it could write without reading a sealed object first) refuses a marker.
 */
public final class BucketEncryption {

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static final SecureRandom RANDOM = new SecureRandom();

	private BucketEncryption() {
	}

	/** The sealing client and the keyed names of an encrypted snapshot key. */
	public record Encrypted(EncryptingBucketClient client, ObjectNames names) {
	}

	/** The marker's content (inside its sealed body). */
	record Marker(int format, String cipher, int segmentSize, String nameKey, String createdAt) {

		@Override
		public String toString() {
			return "Marker[format=" + format + ", cipher=" + cipher + "]";
		}

	}

	/**
	 * Opens the snapshots under {@code dataPrefix} encrypted: reads the marker at {@code markerKey}, or creates it
	 * when nothing is stored under {@code dataPrefix} yet.
	 * @throws EncryptionException when plain snapshots are stored there, or the marker does not open with the ring
	 */
	public static Encrypted open(BucketClient bucket, String markerKey, String dataPrefix, KeyProvider keys) {
		KeyRing ring = keys.keyRing();
		EncryptingBucketClient sealed = new EncryptingBucketClient(bucket, ring);
		Optional<Marker> marker = read(sealed, markerKey);
		if (marker.isEmpty()) {
			if (!bucket.list(dataPrefix).isEmpty()) {
				throw new EncryptionException("The bucket " + bucket.describe() + " holds unencrypted snapshots under '"
						+ dataPrefix + "', and encryption is configured: BucketHead never mixes plain and encrypted "
						+ "data under one snapshot key. Either start without encryption, or move the database to an "
						+ "encrypted snapshot key: `buckethead restore` it, then `buckethead import` it with "
						+ "encryption on under a new snapshot key (see docs/encryption.md, migrating).");
			}
			marker = Optional.of(create(sealed, markerKey));
		}
		Marker found = marker.get();
		if (found.format() != 1) {
			throw new EncryptionException("The encryption marker '" + markerKey + "' has format " + found.format()
					+ ", which this version of BucketHead does not read: upgrade BucketHead.");
		}
		return new Encrypted(sealed, ObjectNames.keyed(Base64.getDecoder().decode(found.nameKey())));
	}

	/**
	 * Refuses to start plain on an encrypted snapshot key.
	 * @throws EncryptionException naming the key id of the marker and how to configure it
	 */
	public static void requirePlain(BucketClient bucket, String markerKey) {
		bucket.get(markerKey).ifPresent((marker) -> refuseIfSealed(markerKey, marker.data()));
	}

	/**
	 * Refuses bytes read without encryption that are a sealed object.
	 * @throws EncryptionException naming the object, its key id and how to configure the key
	 */
	public static void refuseIfSealed(String key, byte[] data) {
		String keyId = ObjectCipher.keyIdOf(java.util.Arrays.copyOf(data, SealedFormat.HEADER));
		if (keyId != null) {
			throw new EncryptionException("Object '" + key + "' is encrypted (key id " + keyId + ") and no "
					+ "encryption key is configured. Configure the key with id " + keyId + ": buckethead.encryption.key "
					+ "(base64), buckethead.encryption.key-file, or BUCKETHEAD_ENCRYPTION__KEY.");
		}
	}

	/** Seals the marker again with the ring's primary key (its content, the name key included, stays). */
	static void reseal(EncryptingBucketClient sealed, String markerKey) {
		StoredObject current = sealed.get(markerKey)
			.orElseThrow(() -> new EncryptionException("The encryption marker '" + markerKey + "' is missing: "
					+ "nothing to rotate under that snapshot key (is the snapshot key right?)"));
		sealed.put(markerKey, current.data(), WriteCondition.ifMatch(current.etag()));
	}

	private static Optional<Marker> read(EncryptingBucketClient sealed, String markerKey) {
		return sealed.get(markerKey).map((stored) -> {
			try {
				return JSON.readValue(stored.data(), Marker.class);
			}
			catch (JacksonException ex) {
				throw new EncryptionException("The encryption marker '" + markerKey + "' opened but is not valid "
						+ "JSON (" + ex.getOriginalMessage() + "); it was written by something other than BucketHead");
			}
		});
	}

	private static Marker create(EncryptingBucketClient sealed, String markerKey) {
		byte[] nameKey = new byte[EncryptionKey.LENGTH];
		RANDOM.nextBytes(nameKey);
		Marker marker = new Marker(1, "AES-256-GCM", SealedFormat.SEGMENT, Base64.getEncoder().encodeToString(nameKey),
				Instant.now().toString());
		try {
			sealed.put(markerKey, JSON.writeValueAsBytes(marker), WriteCondition.ifAbsent());
			return marker;
		}
		catch (PreconditionFailedException ex) {
			// Another process created it first: use its name key, so both name objects alike.
			return read(sealed, markerKey).orElseThrow(() -> ex);
		}
	}

}
