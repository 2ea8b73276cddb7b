package dev.buckethead.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.view.TestViewContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Garbage collection against a clock that stands still: blobs are aged by setting their modification time in the
 * local bucket relative to it.
 */
class FileStoreGcTests {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private static final Duration GRACE = Duration.ofHours(1);

	@TempDir
	Path bucketDir;

	private TestViewContext context;

	private FileStore files;

	@BeforeEach
	void setUp() {
		context = new TestViewContext(new LocalDirectoryBucketClient(bucketDir));
		files = new FileStore(context, FileStoreOptions.defaults()
			.withGcGracePeriod(GRACE)
			.withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
	}

	@AfterEach
	void tearDown() throws SQLException {
		context.close();
	}

	@Test
	void collectsTheBlobOfADeletedFileOnceItIsOlderThanTheGracePeriod() throws IOException {
		String key = putAged("gone", GRACE.plusMinutes(1));
		files.delete(key);
		GcReport report = files.gc();
		assertThat(report).isEqualTo(new GcReport(false, List.of(key), 4, List.of(key), 4));
		assertThat(blob(key)).doesNotExist();
	}

	@Test
	void keepsAnUnreferencedBlobYoungerThanTheGracePeriod() throws IOException {
		String key = putAged("in flight", GRACE.minusMinutes(1));
		files.delete(key);
		assertThat(files.gc().candidates()).isEmpty();
		assertThat(blob(key)).exists();
	}

	@Test
	void keepsTheBlobOfALiveFile() throws IOException {
		String key = putAged("kept", GRACE.multipliedBy(10));
		assertThat(files.gc().candidates()).isEmpty();
		assertThat(blob(key)).exists();
	}

	@Test
	void keepsABlobThatARetainedGenerationStillReferences() throws IOException {
		String retained = putAged("in an old generation", GRACE.multipliedBy(10));
		String unreferenced = putAged("nowhere", GRACE.multipliedBy(10));
		files.delete(retained);
		files.delete(unreferenced);
		context.setRetainedReferences(Set.of(retained));
		assertThat(files.gc().deleted()).containsExactly(unreferenced);
		assertThat(blob(retained)).exists();
		assertThat(blob(unreferenced)).doesNotExist();
	}

	@Test
	void aDryRunDeletesNothingAndReportsWhatARealRunDeletes() throws IOException {
		String one = putAged("one", GRACE.plusMinutes(5));
		String two = putAged("three", GRACE.plusMinutes(5));
		putAged("live", GRACE.plusMinutes(5));
		files.delete(one);
		files.delete(two);
		GcReport dryRun = files.gc(GcOptions.defaults().withDryRun(true));
		assertThat(dryRun.dryRun()).isTrue();
		assertThat(dryRun.candidates()).containsExactlyInAnyOrder(one, two);
		assertThat(dryRun.candidateBytes()).isEqualTo(8);
		assertThat(dryRun.deleted()).isEmpty();
		assertThat(dryRun.deletedBytes()).isZero();
		assertThat(blob(one)).exists();
		assertThat(blob(two)).exists();
		GcReport real = files.gc();
		assertThat(real.candidates()).isEqualTo(dryRun.candidates());
		assertThat(real.deleted()).isEqualTo(dryRun.candidates());
		assertThat(real.deletedBytes()).isEqualTo(8);
	}

	@Test
	void leavesObjectsUnderThePrefixThatAreNotBlobs() throws IOException {
		Path stranger = Files.createDirectories(bucketDir.resolve("files")).resolve("README.txt");
		Files.writeString(stranger, "not a blob");
		Files.setLastModifiedTime(stranger, FileTime.from(NOW.minus(GRACE.multipliedBy(10))));
		assertThat(files.gc().candidates()).isEmpty();
		assertThat(stranger).exists();
	}

	@Test
	void aPutAfterCollectionUploadsTheBlobAgain() throws IOException {
		String key = putAged("back again", GRACE.plusMinutes(1));
		files.delete(key);
		files.gc();
		assertThat(files.put("back again".getBytes(StandardCharsets.UTF_8))).isEqualTo(key);
		assertThat(blob(key)).hasContent("back again");
	}

	private String putAged(String content, Duration age) throws IOException {
		String key = files.put(content.getBytes(StandardCharsets.UTF_8));
		Files.setLastModifiedTime(blob(key), FileTime.from(NOW.minus(age)));
		return key;
	}

	private Path blob(String key) {
		return bucketDir.resolve("files").resolve(key);
	}

}
