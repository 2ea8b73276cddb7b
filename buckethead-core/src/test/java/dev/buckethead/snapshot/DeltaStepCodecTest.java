package dev.buckethead.snapshot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The delta-step object: claim header and first part in one, told apart from a JSON claim by its first byte. */
class DeltaStepCodecTest {

	private static final SuccessorClaim CLAIM = new SuccessorClaim(1, "main", "5d0c9e7a41b2f388", 44,
			"20261121T235141.123Z-9f2c01ab", "20261121T235142.130Z-77aa01cd", "a1b2c3d4e5f60718",
			Instant.parse("2026-11-21T23:51:42.131Z"), SuccessorClaim.KIND_DELTA, "20261121T235131.087Z-01aa77c3", 40L,
			4096, 25600L, Map.of("files", "9c1e"), List.of("k.bh/deltas/5be0"));

	@Test
	void aStepRoundTripsItsClaimAndPart() {
		byte[] part = { 'B', 'H', 'P', 'D', 1, 2, 3 };
		byte[] object = DeltaStepCodec.encode(CLAIM, part, part.length);
		assertThat(DeltaStepCodec.isDeltaStep(object)).isTrue();
		DeltaStepCodec.Decoded decoded = DeltaStepCodec.decode(object, "key");
		assertThat(decoded.claim()).isEqualTo(CLAIM);
		assertThat(decoded.firstPart()).containsExactly(part);
	}

	@Test
	void theHeaderDecodesFromTheObjectsFirstBytesAndAShorterPrefixAsksForTheWholeObject() {
		byte[] object = DeltaStepCodec.encode(CLAIM, new byte[100_000], 100_000);
		int headerEnd = object.length - 100_000;
		assertThat(DeltaStepCodec.decodeHeader(java.util.Arrays.copyOf(object, headerEnd), "key")).contains(CLAIM);
		assertThat(DeltaStepCodec.decodeHeader(java.util.Arrays.copyOf(object, 16 * 1024), "key")).contains(CLAIM);
		assertThat(DeltaStepCodec.decodeHeader(java.util.Arrays.copyOf(object, headerEnd - 1), "key")).isEmpty();
	}

	@Test
	void aJsonClaimIsNotADeltaStep() {
		assertThat(DeltaStepCodec.isDeltaStep("{\"format\":1}".getBytes(StandardCharsets.UTF_8))).isFalse();
		assertThat(DeltaStepCodec.isDeltaStep(new byte[0])).isFalse();
	}

	@Test
	void aDamagedHeaderIsRefusedNamingTheKey() {
		byte[] object = DeltaStepCodec.encode(CLAIM, new byte[1], 1);
		ByteBuffer.wrap(object).putInt(4, object.length);
		assertThatThrownBy(() -> DeltaStepCodec.decode(object, "the-key")).isInstanceOf(CorruptSnapshotException.class)
			.hasMessageContaining("the-key")
			.hasMessageContaining("header length");
		byte[] garbled = DeltaStepCodec.encode(CLAIM, new byte[1], 1);
		garbled[8] = 'x';
		assertThatThrownBy(() -> DeltaStepCodec.decode(garbled, "k")).isInstanceOf(CorruptSnapshotException.class)
			.hasMessageContaining("not valid JSON");
	}

	@Test
	void aHeaderWithoutTheDeltaFieldsIsRefused() {
		SuccessorClaim base = new SuccessorClaim(1, "main", "l", 1, "a", "b", "w", Instant.EPOCH);
		byte[] object = DeltaStepCodec.encode(base, new byte[1], 1);
		assertThatThrownBy(() -> DeltaStepCodec.decode(object, "k")).isInstanceOf(CorruptSnapshotException.class)
			.hasMessageContaining("lacks kind");
	}

}
