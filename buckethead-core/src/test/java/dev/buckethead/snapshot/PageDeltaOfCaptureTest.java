package dev.buckethead.snapshot;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.buckethead.live.LiveDatabase;
import dev.buckethead.live.LiveDatabaseOptions;
import dev.buckethead.live.LiveDatabases;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.live.PageCapture;
import dev.buckethead.live.PageTracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pieces phase 2 joins: a base and a delta captured from a live database, each encoded as page-delta parts,
 * decoded and applied in order onto an empty file, rebuild the captured state byte for byte.
 */
class PageDeltaOfCaptureTest {

	@TempDir
	Path directory;

	@Test
	void aBaseAndADeltaEncodedAndAppliedRebuildTheCapturedState() throws Exception {
		Random random = new Random(3);
		PageDeltaWriter writer = new PageDeltaWriter(new ChunkCodec(1), 64 * 4100);
		PageDeltaReader reader = new PageDeltaReader(new ChunkCodec(1));
		Path rebuilt = directory.resolve("rebuilt.db");
		Files.write(rebuilt, new byte[0]);
		try (LiveDatabase live = LiveDatabases.open(
				new LiveDatabaseOptions(LiveStorage.FILE, directory.resolve("live"), Duration.ofSeconds(5)), null);
				Connection connection = live.open()) {
			PageTracker tracker = live.pageTracker().orElseThrow();
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)");
			}
			write(connection, random, 1, 2000);
			applyCapture(tracker, writer, reader, rebuilt, true);
			write(connection, random, 1, 2000);
			int parts = applyCapture(tracker, writer, reader, rebuilt, false);
			assertThat(parts).as("a delta of more than 64 pages spans parts").isGreaterThan(1);
		}
	}

	private static int applyCapture(PageTracker tracker, PageDeltaWriter writer, PageDeltaReader reader, Path rebuilt,
			boolean base) throws Exception {
		try (PageCapture capture = base ? tracker.captureBase(LiveDatabase.ConsistentRead.NONE)
				: tracker.capture(LiveDatabase.ConsistentRead.NONE)) {
			List<byte[]> parts = new ArrayList<>();
			writer.write(capture.pageSize(), capture.pageCount(), capture.pages(), capture::read,
					(index, object, length) -> {
						ByteArrayOutputStream copy = new ByteArrayOutputStream();
						copy.write(object, 0, length);
						parts.add(copy.toByteArray());
					});
			try (FileChannel out = FileChannel.open(rebuilt, StandardOpenOption.WRITE)) {
				PageDeltaPart previous = null;
				for (byte[] part : parts) {
					previous = reader.read(part, "part", previous, (page, content) -> {
						long position = (page - 1L) * capture.pageSize();
						while (content.hasRemaining()) {
							position += out.write(content, position);
						}
					});
				}
				out.truncate(previous.pageCount() * previous.pageSize());
			}
			ByteBuffer expected = ByteBuffer.allocate((int) (capture.pageCount() * capture.pageSize()));
			capture.image().read(0, expected);
			assertThat(ByteBuffer.wrap(Files.readAllBytes(rebuilt))).isEqualTo(expected);
			assertThat(capture.acknowledge()).isTrue();
			return parts.size();
		}
	}

	private static void write(Connection connection, Random random, int from, int to) throws Exception {
		connection.setAutoCommit(false);
		try (PreparedStatement upsert = connection.prepareStatement("INSERT OR REPLACE INTO t VALUES (?, ?)")) {
			for (int id = from; id <= to; id += 1 + random.nextInt(3)) {
				byte[] value = new byte[100 + random.nextInt(900)];
				random.nextBytes(value);
				upsert.setInt(1, id);
				upsert.setBytes(2, value);
				upsert.executeUpdate();
			}
		}
		connection.commit();
		connection.setAutoCommit(true);
	}

}
