package dev.buckethead.snapshot;

import java.nio.ByteBuffer;
import java.util.Arrays;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The object of a delta step: the claim and the first page-delta part in one, so that a flush of a small change
 * is a single If-None-Match PUT that both stores the data and fences a second writer.
 *
 * <pre>
 * offset size  field (big-endian)
 *   0     4   magic "BHDS"
 *   4     4   n: length of the JSON header ({@link SuccessorClaim}, kind "delta")
 *   8     n   the JSON header
 * 8+n         the delta's part 0 ({@link PageDeltaFormat}, verified on its own)
 * </pre>
 *
 * A JSON claim starts with '{', this with 'B': readers tell the two apart by the first byte.
 */
final class DeltaStepCodec {

	static final int MAGIC = 0x42484453; // "BHDS"

	/** A header is a few hundred bytes; far more is damage, not a claim. */
	private static final int MAX_HEADER_BYTES = 1024 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private DeltaStepCodec() {
	}

	/** A decoded delta step: its claim, and where its part 0 lies in the object. */
	record Decoded(SuccessorClaim claim, byte[] object, int partOffset) {

		byte[] firstPart() {
			return Arrays.copyOfRange(object, partOffset, object.length);
		}

	}

	static boolean isDeltaStep(byte[] object) {
		return object.length >= 4 && ByteBuffer.wrap(object).getInt(0) == MAGIC;
	}

	static byte[] encode(SuccessorClaim claim, byte[] part, int partLength) {
		byte[] header = JSON.writeValueAsBytes(claim);
		ByteBuffer object = ByteBuffer.allocate(8 + header.length + partLength);
		object.putInt(MAGIC).putInt(header.length).put(header).put(part, 0, partLength);
		return object.array();
	}

	/** @throws CorruptSnapshotException naming {@code key} when the object is not a sound delta step */
	static Decoded decode(byte[] object, String key) {
		int length = headerLength(object, key);
		if (8L + length > object.length) {
			throw new CorruptSnapshotException(key, "its delta-step header length " + length + " does not fit its "
					+ object.length + " bytes");
		}
		return new Decoded(header(object, length, key), object, 8 + length);
	}

	/**
	 * The claim in the header of a delta step from the object's first bytes, or empty when the header is longer
	 * than {@code prefix} (read the whole object then).
	 * @throws CorruptSnapshotException naming {@code key} when the header is not sound
	 */
	static java.util.Optional<SuccessorClaim> decodeHeader(byte[] prefix, String key) {
		int length = headerLength(prefix, key);
		return 8L + length > prefix.length ? java.util.Optional.empty()
				: java.util.Optional.of(header(prefix, length, key));
	}

	private static int headerLength(byte[] object, String key) {
		if (!isDeltaStep(object) || object.length < 8) {
			throw new CorruptSnapshotException(key, "it is not a delta step (no BHDS magic)");
		}
		int length = ByteBuffer.wrap(object).getInt(4);
		if (length < 2 || length > MAX_HEADER_BYTES) {
			throw new CorruptSnapshotException(key, "its delta-step header length " + length + " is not that of a "
					+ "claim");
		}
		return length;
	}

	private static SuccessorClaim header(byte[] object, int length, String key) {
		SuccessorClaim claim;
		try {
			claim = JSON.readValue(object, 8, length, SuccessorClaim.class);
		}
		catch (JacksonException ex) {
			throw new CorruptSnapshotException(key, "its delta-step header is not valid JSON ("
					+ ex.getOriginalMessage() + ")");
		}
		if (!claim.isDelta() || claim.base() == null || claim.baseSequence() == null || claim.pageSize() == null
				|| claim.pageCount() == null) {
			throw new CorruptSnapshotException(key, "its delta-step header lacks kind, base, baseSequence, pageSize "
					+ "or pageCount");
		}
		return claim;
	}

}
