package dev.buckethead.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import dev.buckethead.bucket.CountingBucketClient;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.snapshot.ReferenceSource;
import dev.buckethead.view.TestViewContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FileStoreTests {

	/** SHA-256 of "abc", from FIPS 180-2. */
	private static final String ABC_KEY = "bh-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

	/** SHA-256 of no bytes at all. */
	private static final String EMPTY_KEY = "bh-e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	private static final String UNKNOWN_KEY = "bh-" + "0".repeat(64);

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	@TempDir
	Path bucketDir;

	@TempDir
	Path work;

	private CountingBucketClient bucket;

	private TestViewContext context;

	private FileStore files;

	@BeforeEach
	void setUp() {
		bucket = new CountingBucketClient(new LocalDirectoryBucketClient(bucketDir));
		context = new TestViewContext(bucket);
		files = new FileStore(context, FileStoreOptions.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
	}

	@AfterEach
	void tearDown() throws SQLException {
		context.close();
	}

	@Test
	void keyIsBhDashAndTheSha256OfTheContent() {
		assertThat(files.put("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC_KEY);
	}

	@Test
	void putThenGetRoundTripsTheBytesThroughTheBucket() throws IOException {
		byte[] content = RandomContent.bytes(300_000);
		Path source = Files.write(work.resolve("report.bin"), content);
		String key = files.put(source);
		assertThat(Files.readAllBytes(bucketDir.resolve("files").resolve(key))).isEqualTo(content);
		Path copy = files.get(key, work.resolve("out/copy.bin"));
		assertThat(copy).isEqualTo(work.resolve("out/copy.bin"));
		assertThat(Files.readAllBytes(copy)).isEqualTo(content);
		assertThat(work.resolve("out")).isDirectoryNotContaining("glob:**.part");
	}

	@Test
	void putRecordsSizeNameContentTypeAndTime() throws IOException {
		Path source = Files.writeString(work.resolve("notes.txt"), "hello");
		String key = files.put(source, PutOptions.none().withContentType("text/plain"));
		assertThat(files.stat(key))
			.contains(new FileInfo(key, 5, "text/plain", "notes.txt", NOW));
	}

	@Test
	void samePutTwiceUploadsOnceAndKeepsOneRowWithTheFirstTime() throws IOException {
		Path source = Files.writeString(work.resolve("a.txt"), "same bytes");
		String first = files.put(source, PutOptions.none().withContentType("text/plain"));
		FileStore later = new FileStore(context,
				FileStoreOptions.defaults().withClock(Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC)));
		String second = later.put("same bytes".getBytes(StandardCharsets.UTF_8), PutOptions.none().withName("b.txt"));
		assertThat(second).isEqualTo(first);
		assertThat(bucket.counters().puts()).isEqualTo(1);
		assertThat(files.list()).containsExactly(new FileInfo(first, 10, "text/plain", "b.txt", NOW));
	}

	@Test
	void differentContentIsUploadedAndRecordedSeparately() {
		String one = files.put("one".getBytes(StandardCharsets.UTF_8));
		String two = files.put("two".getBytes(StandardCharsets.UTF_8));
		assertThat(one).isNotEqualTo(two);
		assertThat(bucket.counters().puts()).isEqualTo(2);
		assertThat(files.list()).extracting(FileInfo::key).containsExactlyInAnyOrder(one, two);
	}

	@Test
	void aBlobOfTheWrongSizeInTheBucketIsUploadedAgain() throws IOException {
		String key = files.put("whole content".getBytes(StandardCharsets.UTF_8));
		Files.writeString(bucketDir.resolve("files").resolve(key), "trunc");
		files.put("whole content".getBytes(StandardCharsets.UTF_8));
		assertThat(bucket.counters().puts()).isEqualTo(2);
		assertThat(Files.readString(files.get(key, work.resolve("healed.txt")))).isEqualTo("whole content");
	}

	@Test
	void putOfAnEmptyStreamStoresAnEmptyFile() throws IOException {
		String key = files.put(InputStream.nullInputStream());
		assertThat(key).isEqualTo(EMPTY_KEY);
		assertThat(files.stat(key)).hasValueSatisfying((info) -> assertThat(info.size()).isZero());
		Path copy = files.get(key, work.resolve("empty"));
		assertThat(copy).isEmptyFile();
	}

	@Test
	void putFromAStreamRecordsNoNameUnlessGiven() {
		String key = files.put(new ByteArrayInputStream(new byte[] { 1, 2, 3 }));
		assertThat(files.stat(key)).hasValueSatisfying((info) -> {
			assertThat(info.name()).isNull();
			assertThat(info.contentType()).isNull();
		});
	}

	@Test
	void getReplacesAnExistingDestination() throws IOException {
		String key = files.put("new".getBytes(StandardCharsets.UTF_8));
		Path destination = Files.writeString(work.resolve("existing.txt"), "old content");
		files.get(key, destination);
		assertThat(destination).hasContent("new");
	}

	@Test
	void getOfACorruptBlobThrowsAndCreatesNoDestination() throws IOException {
		String key = files.put("original".getBytes(StandardCharsets.UTF_8));
		corrupt(key);
		Path destination = work.resolve("never.txt");
		assertThatExceptionOfType(BlobCorruptException.class).isThrownBy(() -> files.get(key, destination))
			.withMessageContaining(key)
			.withMessageContaining("files/" + key)
			.satisfies((ex) -> assertThat(ex.key()).isEqualTo(key));
		assertThat(destination).doesNotExist();
		assertThat(work).isEmptyDirectory();
	}

	@Test
	void getOfACorruptBlobLeavesAnExistingDestinationUnchanged() throws IOException {
		String key = files.put("original".getBytes(StandardCharsets.UTF_8));
		corrupt(key);
		Path destination = Files.writeString(work.resolve("keep.txt"), "precious");
		assertThatExceptionOfType(BlobCorruptException.class).isThrownBy(() -> files.get(key, destination));
		assertThat(destination).hasContent("precious");
		try (Stream<Path> entries = Files.list(work)) {
			assertThat(entries).containsExactly(destination);
		}
	}

	@Test
	void openStreamsTheContent() throws IOException {
		byte[] content = RandomContent.bytes(200_000);
		String key = files.put(content);
		try (InputStream in = files.open(key)) {
			assertThat(in.readAllBytes()).isEqualTo(content);
			assertThat(in.read()).isEqualTo(-1);
		}
	}

	@Test
	void openDetectsCorruptionAtTheEndOfTheStream() throws IOException {
		String key = files.put("original".getBytes(StandardCharsets.UTF_8));
		corrupt(key);
		try (InputStream in = files.open(key)) {
			assertThat(in.read()).isEqualTo('t');
			assertThatExceptionOfType(BlobCorruptException.class).isThrownBy(in::readAllBytes)
				.withMessageContaining(key);
			assertThatExceptionOfType(BlobCorruptException.class).isThrownBy(in::read);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "abc", "bh-", "bh-xyz",
			"bh-BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
			"bh-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",
			"files/bh-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
			"bh-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n" })
	void malformedKeysAreRejectedNamingTheKeyAndTheExpectedForm(String key) {
		assertInvalidKey(key, () -> files.get(key, work.resolve("x")));
		assertInvalidKey(key, () -> files.open(key));
		assertInvalidKey(key, () -> files.stat(key));
		assertInvalidKey(key, () -> files.exists(key));
		assertInvalidKey(key, () -> files.delete(key));
		assertThat(work).isEmptyDirectory();
	}

	@Test
	void aNullKeyIsRejected() {
		assertThatExceptionOfType(InvalidFileKeyException.class).isThrownBy(() -> files.stat(null))
			.withMessageContaining("null");
	}

	@Test
	void unknownKeysAreReportedByName() {
		assertThatExceptionOfType(FileNotFoundInStoreException.class)
			.isThrownBy(() -> files.get(UNKNOWN_KEY, work.resolve("x")))
			.withMessageContaining(UNKNOWN_KEY);
		assertThatExceptionOfType(FileNotFoundInStoreException.class).isThrownBy(() -> files.open(UNKNOWN_KEY))
			.withMessageContaining(UNKNOWN_KEY);
		assertThat(files.stat(UNKNOWN_KEY)).isEmpty();
		assertThat(files.exists(UNKNOWN_KEY)).isFalse();
		assertThat(files.delete(UNKNOWN_KEY)).isFalse();
		assertThat(work).isEmptyDirectory();
	}

	@Test
	void aKeyWhoseBlobVanishedFromTheBucketIsReported() {
		String key = files.put("here".getBytes(StandardCharsets.UTF_8));
		bucket.delete("files/" + key);
		assertThatExceptionOfType(BlobMissingException.class).isThrownBy(() -> files.get(key, work.resolve("x")))
			.withMessageContaining("files/" + key);
		assertThatExceptionOfType(BlobMissingException.class).isThrownBy(() -> files.open(key));
		assertThat(work).isEmptyDirectory();
	}

	@Test
	void putOfAMissingFileNamesIt() {
		Path missing = work.resolve("missing.bin");
		assertThatExceptionOfType(InvalidFilePathException.class).isThrownBy(() -> files.put(missing))
			.withMessageContaining(missing.toString())
			.withMessageContaining("no such file");
	}

	@Test
	void putOfADirectoryNamesIt() {
		assertThatExceptionOfType(InvalidFilePathException.class).isThrownBy(() -> files.put(work))
			.withMessageContaining(work.toString())
			.withMessageContaining("directory");
	}

	@Test
	void nullPathsAreRejected() {
		String key = files.put("x".getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(InvalidFilePathException.class).isThrownBy(() -> files.put((Path) null))
			.withMessageContaining("no source file");
		assertThatExceptionOfType(InvalidFilePathException.class).isThrownBy(() -> files.get(key, null))
			.withMessageContaining("no destination")
			.withMessageContaining(key);
	}

	@Test
	void getToADirectoryIsRefused() {
		String key = files.put("x".getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(InvalidFilePathException.class).isThrownBy(() -> files.get(key, work))
			.withMessageContaining(work.toString())
			.withMessageContaining("directory");
		assertThat(work).isEmptyDirectory();
	}

	@Test
	void listIsInKeyOrderAndPages() {
		List<String> keys = Stream.of("a", "b", "c", "d", "e")
			.map((content) -> files.put(content.getBytes(StandardCharsets.UTF_8)))
			.sorted()
			.toList();
		assertThat(files.list()).extracting(FileInfo::key).containsExactlyElementsOf(keys);
		List<FileInfo> first = files.list(2, null);
		assertThat(first).extracting(FileInfo::key).containsExactlyElementsOf(keys.subList(0, 2));
		assertThat(files.list(2, first.get(1).key())).extracting(FileInfo::key)
			.containsExactlyElementsOf(keys.subList(2, 4));
		assertThat(files.list(2, keys.get(4))).isEmpty();
	}

	@Test
	void deleteRemovesTheRowButLeavesTheBlobForGc() {
		String key = files.put("bye".getBytes(StandardCharsets.UTF_8));
		assertThat(files.delete(key)).isTrue();
		assertThat(files.exists(key)).isFalse();
		assertThat(files.delete(key)).isFalse();
		assertThat(bucketDir.resolve("files").resolve(key)).exists();
	}

	@Test
	void theObjectPrefixIsConfigurable() {
		FileStore blobs = new FileStore(context, FileStoreOptions.defaults().withObjectPrefix("blobs/v1/"));
		String key = blobs.put("abc".getBytes(StandardCharsets.US_ASCII));
		assertThat(blobs.objectKey(key)).isEqualTo("blobs/v1/" + ABC_KEY);
		assertThat(bucketDir.resolve("blobs/v1").resolve(key)).hasContent("abc");
	}

	@Test
	void recreatesItsTableWhenTheDatabaseIsReplaced() throws SQLException {
		files.put("before".getBytes(StandardCharsets.UTF_8));
		context.replaceWithEmptyDatabase();
		assertThat(files.list()).isEmpty();
		String key = files.put("after".getBytes(StandardCharsets.UTF_8));
		assertThat(files.list()).extracting(FileInfo::key).containsExactly(key);
	}

	@Test
	void reportsTheKeysItsTableReferencesForEachSnapshot() throws SQLException {
		String one = files.put("one".getBytes(StandardCharsets.UTF_8));
		String two = files.put("two".getBytes(StandardCharsets.UTF_8));
		files.delete(one);
		assertThat(context.referenceSources()).singleElement().satisfies((source) -> {
			assertThat(source.name()).isEqualTo("files");
			assertThat(source.referencedKeys(context.connection())).containsExactly(two);
		});
	}

	@Test
	void contentWithoutTheTableReferencesNothing() throws SQLException {
		ReferenceSource source = context.referenceSources().get(0);
		try (Connection empty = DriverManager.getConnection("jdbc:sqlite::memory:")) {
			assertThat(source.referencedKeys(empty)).isEmpty();
		}
	}

	private void corrupt(String key) throws IOException {
		Files.writeString(bucketDir.resolve("files").resolve(key), "tampered");
	}

	private static void assertInvalidKey(String key, Runnable call) {
		assertThatExceptionOfType(InvalidFileKeyException.class).isThrownBy(call::run)
			.withMessageContaining("'" + key + "'")
			.withMessageContaining("64 lowercase hex digits");
	}

}
