package dev.buckethead.bucket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What every {@link BucketClient} must do, run against each implementation by a subclass. Each test works under
 * its own random key prefix, so subclasses may share one bucket between tests.
 */
abstract class BucketClientContractTests {

	/** The multipart threshold subclasses configure, where the implementation has one. */
	static final long MULTIPART_THRESHOLD = 5L * 1024 * 1024;

	@TempDir
	Path temp;

	private BucketClient client;

	private String prefix;

	/** A client on an empty-or-shared bucket, with a {@link #MULTIPART_THRESHOLD} multipart threshold. */
	protected abstract BucketClient createClient() throws Exception;

	/** How many objects the listing test writes; more than one page (1000 keys) where the bucket pages. */
	protected abstract int listingSize();

	@BeforeEach
	void openClient() throws Exception {
		client = createClient();
		prefix = "t-" + UUID.randomUUID().toString().substring(0, 8) + "/";
	}

	@AfterEach
	void closeClient() {
		client.close();
	}

	@Test
	void missingKeyReadsAsEmpty() throws IOException {
		String key = prefix + "missing/object";
		assertThat(client.get(key)).isEmpty();
		assertThat(client.head(key)).isEmpty();
		Optional<InputStream> stream = client.openStream(key);
		assertThat(stream).isEmpty();
	}

	@Test
	void conditionalGetAnswersNotModifiedChangedOrMissing() {
		String key = prefix + "polled/head.json";
		assertThat(client.getIfChanged(key, null).outcome()).isEqualTo(ConditionalGet.Outcome.MISSING);
		assertThat(client.getIfChanged(key, "0123456789abcdef0123456789abcdef").outcome())
			.isEqualTo(ConditionalGet.Outcome.MISSING);
		String first = client.put(key, "one".getBytes(StandardCharsets.UTF_8));
		ConditionalGet unconditional = client.getIfChanged(key, null);
		assertThat(unconditional.outcome()).isEqualTo(ConditionalGet.Outcome.CHANGED);
		assertThat(unconditional.object().etag()).isEqualTo(first);
		assertThat(client.getIfChanged(key, first)).isEqualTo(ConditionalGet.notModified());
		String second = client.put(key, "two!".getBytes(StandardCharsets.UTF_8));
		ConditionalGet changed = client.getIfChanged(key, first);
		assertThat(changed.outcome()).isEqualTo(ConditionalGet.Outcome.CHANGED);
		assertThat(changed.object().data()).asString(StandardCharsets.UTF_8).isEqualTo("two!");
		assertThat(changed.object().etag()).isEqualTo(second);
		assertThat(client.getIfChanged(key, second).outcome()).isEqualTo(ConditionalGet.Outcome.NOT_MODIFIED);
		client.delete(key);
		assertThat(client.getIfChanged(key, second).outcome()).isEqualTo(ConditionalGet.Outcome.MISSING);
	}

	@Test
	void putThenGetRoundTripsBytesAndEtag() throws IOException {
		String key = prefix + "dir/object.bin";
		byte[] data = "hello, bucket".getBytes(StandardCharsets.UTF_8);
		String etag = client.put(key, data);
		assertThat(etag).isNotBlank().doesNotContain("\"");
		StoredObject read = client.get(key).orElseThrow();
		assertThat(read.data()).isEqualTo(data);
		assertThat(read.etag()).isEqualTo(etag);
		ObjectInfo info = client.head(key).orElseThrow();
		assertThat(info.key()).isEqualTo(key);
		assertThat(info.size()).isEqualTo(data.length);
		assertThat(info.etag()).isEqualTo(etag);
		assertThat(info.lastModified()).isNotNull();
		assertThat(client.list(prefix)).singleElement().satisfies((listed) -> {
			assertThat(listed.key()).isEqualTo(key);
			assertThat(listed.etag()).isEqualTo(etag);
			assertThat(listed.size()).isEqualTo(data.length);
		});
		try (InputStream in = client.openStream(key).orElseThrow()) {
			assertThat(in.readAllBytes()).isEqualTo(data);
		}
	}

	@Test
	void overwriteChangesContentAndEtag() {
		String key = prefix + "object";
		String first = client.put(key, new byte[] { 1 });
		String second = client.put(key, new byte[] { 2 });
		assertThat(second).isNotEqualTo(first);
		assertThat(client.get(key).orElseThrow().data()).containsExactly(2);
	}

	@Test
	void emptyObjectRoundTrips() {
		String key = prefix + "empty";
		client.put(key, new byte[0]);
		assertThat(client.get(key).orElseThrow().data()).isEmpty();
		assertThat(client.head(key).orElseThrow().size()).isZero();
	}

	@Test
	void listReturnsEveryObjectUnderThePrefixInKeyOrder() throws Exception {
		int count = listingSize();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			expected.add(prefix + "list/" + String.format("%05d", i));
		}
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<String>> writes = new ArrayList<>();
			for (String key : expected) {
				writes.add(pool.submit(() -> client.put(key, key.getBytes(StandardCharsets.UTF_8))));
			}
			for (Future<String> write : writes) {
				write.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		client.put(prefix + "listing-sibling", new byte[] { 1 });
		client.put(prefix + "other/object", new byte[] { 1 });

		List<ObjectInfo> listed = client.list(prefix + "list/");

		assertThat(listed).extracting(ObjectInfo::key).containsExactlyElementsOf(expected);
		assertThat(listed).allSatisfy((info) -> assertThat(info.size()).isEqualTo(info.key().length()));
		assertThat(client.list(prefix)).hasSize(count + 2);
		assertThat(client.list(prefix + "nothing-here/")).isEmpty();
	}

	@Test
	void deleteRemovesTheObjectAndIsIdempotent() {
		String key = prefix + "doomed";
		client.put(key, new byte[] { 1, 2, 3 });
		client.delete(key);
		assertThat(client.get(key)).isEmpty();
		assertThat(client.head(key)).isEmpty();
		client.delete(key);
		client.delete(prefix + "never-existed");
		assertThat(client.list(prefix)).isEmpty();
	}

	@Test
	void ifAbsentRefusesTheSecondCreateAndKeepsTheFirstValue() {
		String key = prefix + "head";
		String etag = client.put(key, bytes("first"), WriteCondition.ifAbsent());
		assertThatExceptionOfType(PreconditionFailedException.class)
			.isThrownBy(() -> client.put(key, bytes("second"), WriteCondition.ifAbsent()))
			.satisfies((ex) -> assertThat(ex.key()).isEqualTo(key))
			.withMessageContaining(key);
		StoredObject kept = client.get(key).orElseThrow();
		assertThat(kept.data()).isEqualTo(bytes("first"));
		assertThat(kept.etag()).isEqualTo(etag);
	}

	@Test
	void ifMatchWritesOnlyOverTheExpectedVersion() {
		String key = prefix + "head";
		String first = client.put(key, bytes("v1"));
		String second = client.put(key, bytes("v2"), WriteCondition.ifMatch(first));
		assertThat(client.get(key).orElseThrow().data()).isEqualTo(bytes("v2"));
		assertThat(second).isNotEqualTo(first);

		assertThatExceptionOfType(PreconditionFailedException.class)
			.isThrownBy(() -> client.put(key, bytes("v3"), WriteCondition.ifMatch(first)));
		StoredObject kept = client.get(key).orElseThrow();
		assertThat(kept.data()).isEqualTo(bytes("v2"));
		assertThat(kept.etag()).isEqualTo(second);

		String third = client.put(key, bytes("v3"), WriteCondition.ifMatch(client.head(key).orElseThrow().etag()));
		assertThat(client.get(key).orElseThrow().etag()).isEqualTo(third);
	}

	@Test
	void ifMatchOnAMissingObjectIsRefused() {
		String key = prefix + "absent";
		assertThatExceptionOfType(PreconditionFailedException.class)
			.isThrownBy(() -> client.put(key, bytes("v1"), WriteCondition.ifMatch("0123456789abcdef0123456789abcdef")));
		assertThat(client.get(key)).isEmpty();
	}

	@Test
	void putFileAboveTheMultipartThresholdRoundTripsByteForByte() throws IOException {
		Path file = randomFile(12L * 1024 * 1024 + 12345);
		String key = prefix + "big/file.bin";
		String etag = client.putFile(key, file);
		ObjectInfo info = client.head(key).orElseThrow();
		assertThat(info.size()).isEqualTo(Files.size(file));
		assertThat(info.etag()).isEqualTo(etag).doesNotContain("\"");
		try (InputStream in = client.openStream(key).orElseThrow()) {
			assertThat(sha256(in)).isEqualTo(sha256(Files.newInputStream(file)));
		}
	}

	@Test
	void putFileBelowTheThresholdRoundTrips() throws IOException {
		Path file = randomFile(100_000);
		String key = prefix + "small/file.bin";
		String etag = client.putFile(key, file);
		StoredObject read = client.get(key).orElseThrow();
		assertThat(read.data()).isEqualTo(Files.readAllBytes(file));
		assertThat(read.etag()).isEqualTo(etag);
	}

	@Test
	void rangedReadReturnsExactlyTheBytesAsked() throws IOException {
		String key = prefix + "ranged/object.bin";
		byte[] data = new byte[300_000];
		new Random(7).nextBytes(data);
		client.put(key, data);
		assertThat(readRange(key, 0, 1)).containsExactly(data[0]);
		assertThat(readRange(key, 12_345, 100_000)).isEqualTo(java.util.Arrays.copyOfRange(data, 12_345, 112_345));
		assertThat(readRange(key, data.length - 1, 1)).containsExactly(data[data.length - 1]);
		assertThat(readRange(key, 0, data.length)).isEqualTo(data);
	}

	@Test
	void rangedReadStopsWhereTheObjectEnds() throws IOException {
		String key = prefix + "ranged/short";
		byte[] data = bytes("0123456789");
		client.put(key, data);
		assertThat(readRange(key, 6, 100)).isEqualTo(bytes("6789"));
		assertThat(readRange(key, data.length, 5)).isEmpty();
		assertThat(readRange(key, 1_000, 5)).isEmpty();
	}

	@Test
	void rangedReadOfAMultipartUploadCrossesPartBoundaries() throws IOException {
		Path file = randomFile(6L * 1024 * 1024 + 321);
		String key = prefix + "ranged/multipart.bin";
		client.putFile(key, file);
		long offset = MULTIPART_THRESHOLD - 1000;
		byte[] expected = new byte[5000];
		try (var channel = java.nio.channels.FileChannel.open(file)) {
			channel.read(java.nio.ByteBuffer.wrap(expected), offset);
		}
		assertThat(readRange(key, offset, expected.length)).isEqualTo(expected);
	}

	@Test
	void rangedReadOfAMissingKeyIsEmptyAndBadRangesAreRefused() {
		assertThat(client.openStream(prefix + "ranged/missing", 0, 10)).isEmpty();
		String key = prefix + "ranged/present";
		client.put(key, bytes("x"));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> client.openStream(key, -1, 10))
			.withMessageContaining("offset")
			.withMessageContaining("-1");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> client.openStream(key, 0, 0))
			.withMessageContaining("length");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> client.openStream(key, Long.MAX_VALUE - 1, 10))
			.withMessageContaining("ends past");
	}

	private byte[] readRange(String key, long offset, long length) throws IOException {
		try (InputStream in = client.openStream(key, offset, length).orElseThrow()) {
			return in.readAllBytes();
		}
	}

	@Test
	void putFileOfAMissingFileFailsNamingIt() {
		Path missing = temp.resolve("no-such-file");
		assertThatExceptionOfType(BucketException.class).isThrownBy(() -> client.putFile(prefix + "x", missing))
			.withMessageContaining(missing.toString());
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/leading-slash", "trailing-slash/", "double//slash", "dot/../dot", "./here" })
	void invalidKeysAreRefused(String key) {
		assertThatExceptionOfType(BucketException.class).isThrownBy(() -> client.put(key, new byte[] { 1 }));
		assertThatExceptionOfType(BucketException.class).isThrownBy(() -> client.get(key));
		assertThatExceptionOfType(BucketException.class).isThrownBy(() -> client.head(key));
		assertThatExceptionOfType(BucketException.class).isThrownBy(() -> client.delete(key));
	}

	@Test
	void describeNamesTheBucket() {
		assertThat(client.describe()).isNotBlank();
	}

	private Path randomFile(long size) throws IOException {
		Path file = temp.resolve("upload-" + size + ".bin");
		Random random = new Random(size);
		byte[] chunk = new byte[64 * 1024];
		try (var out = Files.newOutputStream(file)) {
			for (long written = 0; written < size; written += chunk.length) {
				random.nextBytes(chunk);
				out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
			}
		}
		return file;
	}

	private static byte[] sha256(InputStream in) throws IOException {
		try (in) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[64 * 1024];
			for (int read; (read = in.read(buffer)) >= 0;) {
				digest.update(buffer, 0, read);
			}
			return digest.digest();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
