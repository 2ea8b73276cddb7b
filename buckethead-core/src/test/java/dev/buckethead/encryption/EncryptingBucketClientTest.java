package dev.buckethead.encryption;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.bucket.WriteCondition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sealed format's edges on a directory bucket (fast; the full client contract runs on S3 in
 * {@code EncryptingBucketClientContractTests}): segment boundaries, every kind of tampering, wrong keys.
 */
class EncryptingBucketClientTest {

	private static final int SEGMENT = SealedFormat.SEGMENT;

	private static final EncryptionKey KEY_A = EncryptionKey.of(filled(1));

	private static final EncryptionKey KEY_B = EncryptionKey.of(filled(2));

	@TempDir
	Path temp;

	private LocalDirectoryBucketClient raw;

	private EncryptingBucketClient sealed;

	@BeforeEach
	void open() {
		raw = new LocalDirectoryBucketClient(temp.resolve("bucket"));
		sealed = new EncryptingBucketClient(raw, KeyRing.of(KEY_A));
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT, 3 * SEGMENT + 17 })
	void everySizeRoundTripsAndStoresNoPlaintext(int size) throws IOException {
		byte[] data = random(size);
		sealed.put("o", data);
		byte[] stored = raw.get("o").orElseThrow().data();
		assertThat(stored).hasSize((int) SealedFormat.sealedSize(size));
		assertThat(SealedFormat.plainSize(stored.length)).isEqualTo(size);
		assertThat(sealed.get("o").orElseThrow().data()).isEqualTo(data);
		assertThat(sealed.head("o").orElseThrow().size()).isEqualTo(size);
		try (InputStream in = sealed.openStream("o").orElseThrow()) {
			assertThat(in.readAllBytes()).isEqualTo(data);
		}
		Path file = temp.resolve("file-" + size);
		Files.write(file, data);
		sealed.putFile("f", file);
		assertThat(sealed.get("f").orElseThrow().data()).isEqualTo(data);
	}

	@Test
	void rangesAcrossSegmentBoundariesReadExactlyTheirBytes() throws IOException {
		byte[] data = random(5 * SEGMENT + 123);
		sealed.put("o", data);
		int[][] ranges = { { 0, 1 }, { SEGMENT - 1, 2 }, { SEGMENT, SEGMENT }, { SEGMENT - 5, 2 * SEGMENT + 10 },
				{ 5 * SEGMENT, 123 }, { 5 * SEGMENT + 100, 1000 }, { data.length, 5 }, { 0, data.length } };
		for (int[] range : ranges) {
			int end = Math.min(data.length, range[0] + range[1]);
			assertThat(read("o", range[0], range[1])).as("range %d+%d", range[0], range[1])
				.isEqualTo(Arrays.copyOfRange(data, Math.min(range[0], data.length), end));
		}
	}

	/**
	 * Reads of a segment or more get the plaintext straight from the cipher, smaller ones through the stream's
	 * buffer: every read size gives the same bytes, never writes past what it returns, and fails on a tampered
	 * segment.
	 */
	@ParameterizedTest
	@ValueSource(ints = { 1, 8192, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT + 5 })
	void everyReadSizeReadsTheSameBytesAndStopsAtItsEnd(int readSize) throws IOException {
		byte[] data = random(4 * SEGMENT + 99);
		sealed.put("o", data);
		int[][] ranges = { { 0, data.length }, { 0, 2 * SEGMENT }, { SEGMENT, 2 * SEGMENT + 3 }, { 7, 3 * SEGMENT },
				{ 3 * SEGMENT, SEGMENT + 99 } };
		for (int[] range : ranges) {
			try (InputStream in = sealed.openStream("o", range[0], range[1]).orElseThrow()) {
				assertThat(readInPieces(in, readSize)).as("range %d+%d", range[0], range[1])
					.isEqualTo(Arrays.copyOfRange(data, range[0], range[0] + range[1]));
			}
		}
		byte[] stored = raw.get("o").orElseThrow().data();
		stored[(int) SealedFormat.sealedOffset(2) + 5] ^= 1;
		raw.put("o", stored);
		assertThatExceptionOfType(TamperedObjectException.class).isThrownBy(() -> {
			try (InputStream in = sealed.openStream("o").orElseThrow()) {
				readInPieces(in, readSize);
			}
		}).withMessageContaining("segment 2");
	}

	/** Reads {@code in} to its end with reads of {@code size}, checking that none writes past what it returns. */
	private static byte[] readInPieces(InputStream in, int size) throws IOException {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		byte[] buffer = new byte[size + 2];
		while (true) {
			Arrays.fill(buffer, (byte) 0x5A);
			int n = in.read(buffer, 1, size);
			for (int i = 0; i < buffer.length; i++) {
				if ((i < 1 || i > n) && buffer[i] != 0x5A) {
					throw new AssertionError("a read that returned " + n + " changed byte " + i + " of its buffer");
				}
			}
			if (n < 0) {
				return out.toByteArray();
			}
			out.write(buffer, 1, n);
		}
	}

	@Test
	void rangesFarIntoAnObjectReadTheHeaderApart() throws IOException {
		byte[] data = random(20 * SEGMENT);
		sealed.put("o", data);
		assertThat(read("o", 18 * SEGMENT + 7, SEGMENT)).isEqualTo(Arrays.copyOfRange(data, 18 * SEGMENT + 7,
				19 * SEGMENT + 7));
	}

	@Test
	void everyChangedByteFailsNamingTheObject() {
		byte[] data = random(2 * SEGMENT + 10);
		sealed.put("o", data);
		byte[] stored = raw.get("o").orElseThrow().data();
		for (int offset : new int[] { 16, 33, SealedFormat.HEADER, SealedFormat.HEADER + SEGMENT + 20,
				stored.length - 1 }) {
			byte[] tampered = stored.clone();
			tampered[offset] ^= 1;
			raw.put("o", tampered);
			assertThatExceptionOfType(TamperedObjectException.class).as("byte %d", offset)
				.isThrownBy(() -> sealed.get("o"))
				.withMessageContaining("'o'");
		}
	}

	@Test
	void anObjectCutAtASegmentBoundaryOrMovedToAnotherKeyFails() {
		byte[] data = random(2 * SEGMENT);
		sealed.put("o", data);
		byte[] stored = raw.get("o").orElseThrow().data();
		raw.put("o", Arrays.copyOf(stored, (int) SealedFormat.sealedOffset(1)));
		assertThatExceptionOfType(TamperedObjectException.class).isThrownBy(() -> sealed.get("o"));
		assertThatExceptionOfType(TamperedObjectException.class).isThrownBy(() -> read("o", 0, 10));
		raw.put("elsewhere", stored);
		assertThatExceptionOfType(TamperedObjectException.class).isThrownBy(() -> sealed.get("elsewhere"))
			.withMessageContaining("'elsewhere'");
	}

	@Test
	void aWrongKeyFailsNamingTheKeyIdAndAPlainObjectFailsAsNotEncrypted() {
		sealed.put("o", bytes("secret"));
		EncryptingBucketClient other = new EncryptingBucketClient(raw, KeyRing.of(KEY_B));
		assertThatExceptionOfType(UnknownKeyException.class).isThrownBy(() -> other.get("o"))
			.satisfies((ex) -> assertThat(ex.keyId()).isEqualTo(KEY_A.id()))
			.withMessageContaining(KEY_A.id())
			.withMessageContaining(KEY_B.id())
			.withMessageContaining("buckethead.encryption.key");
		raw.put("plain", bytes("SQLite format 3"));
		assertThatExceptionOfType(EncryptionException.class).isThrownBy(() -> sealed.get("plain"))
			.withMessageContaining("not encrypted");
		assertThatExceptionOfType(EncryptionException.class).isThrownBy(() -> sealed.keyIdOf("plain"))
			.withMessageContaining("'plain' is not encrypted");
		assertThat(sealed.keyIdOf("missing")).isEmpty();
		assertThat(sealed.keyIdOf("o")).contains(KEY_A.id());
	}

	@Test
	void aRingOpensObjectsOfEveryKeyAndSealsWithItsPrimary() {
		sealed.put("old", bytes("old"));
		EncryptingBucketClient rotated = new EncryptingBucketClient(raw, KeyRing.of(KEY_B, KEY_A));
		assertThat(rotated.get("old").orElseThrow().data()).isEqualTo(bytes("old"));
		rotated.put("new", bytes("new"));
		assertThat(rotated.keyIdOf("new")).contains(KEY_B.id());
		assertThat(rotated.keyIdOf("old")).contains(KEY_A.id());
	}

	@Test
	void conditionsAndEtagsPassThrough() {
		String etag = sealed.put("head", bytes("v1"), WriteCondition.ifAbsent());
		assertThat(sealed.get("head").orElseThrow().etag()).isEqualTo(etag);
		sealed.put("head", bytes("v2"), WriteCondition.ifMatch(etag));
		assertThatExceptionOfType(dev.buckethead.bucket.PreconditionFailedException.class)
			.isThrownBy(() -> sealed.put("head", bytes("v3"), WriteCondition.ifMatch(etag)));
		assertThat(sealed.get("head").orElseThrow().data()).isEqualTo(bytes("v2"));
	}

	@Test
	void sealingTheSameContentTwiceStoresDifferentBytes() {
		sealed.put("a", bytes("same"));
		sealed.put("b", bytes("same"));
		assertThat(raw.get("a").orElseThrow().data()).isNotEqualTo(raw.get("b").orElseThrow().data());
	}

	@Test
	void theCipherWarmUpSealsAndOpensUnderAThrowawayKeyWithoutReusingANonce() {
		// GCM refuses a second seal with one key and nonce, and an open that does not authenticate: either fails it.
		assertThatCode(CipherWarmUp::run).doesNotThrowAnyException();
	}

	@Test
	void keysNeverShowTheirBytes() {
		assertThat(KEY_A.toString()).doesNotContain(java.util.Base64.getEncoder().encodeToString(filled(1)))
			.contains(KEY_A.id());
		assertThat(KeyRing.of(KEY_A, KEY_B).toString()).contains(KEY_A.id(), KEY_B.id());
		assertThat(EncryptionKey.fromBase64(java.util.Base64.getEncoder().encodeToString(filled(1)))).isEqualTo(KEY_A);
		assertThatExceptionOfType(EncryptionException.class).isThrownBy(() -> EncryptionKey.fromBase64("not*base64!"))
			.withMessageNotContaining("not*base64!");
		assertThatExceptionOfType(EncryptionException.class).isThrownBy(() -> EncryptionKey.of(new byte[16]))
			.withMessageContaining("32 bytes");
	}

	private byte[] read(String key, long offset, long length) throws IOException {
		try (InputStream in = sealed.openStream(key, offset, length).orElseThrow()) {
			return in.readAllBytes();
		}
	}

	private static byte[] random(int size) {
		byte[] data = new byte[size];
		new Random(size).nextBytes(data);
		return data;
	}

	private static byte[] filled(int value) {
		byte[] key = new byte[32];
		Arrays.fill(key, (byte) value);
		return key;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
