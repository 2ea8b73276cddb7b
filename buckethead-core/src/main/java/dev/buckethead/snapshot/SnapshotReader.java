package dev.buckethead.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import dev.buckethead.BucketHeadException;
import dev.buckethead.bucket.StoredObject;

/**
 * Rebuilds a generation into a SQLite file: downloads each distinct chunk once (in parallel), checks its hash,
 * writes it at every offset that uses it, then checks the database itself ({@code page_count} and
 * {@code PRAGMA quick_check}). A file this returns is never silently damaged.
 */
public final class SnapshotReader {

	private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private final SnapshotStore store;

	private final ChunkCodec codec;

	private final ExecutorService io;

	public SnapshotReader(SnapshotStore store, ChunkCodec codec, ExecutorService io) {
		this.store = store;
		this.codec = codec;
		this.io = io;
	}

	/**
	 * Writes {@code manifest}'s database into a new file in {@code directory} and verifies it.
	 * @return the file and the bytes downloaded
	 * @throws CorruptSnapshotException naming the first missing or damaged object
	 */
	public Restored restore(Manifest manifest, Path directory) {
		Path target = newScratchFile(directory);
		try {
			long downloaded = download(manifest, target);
			verifyDatabase(target, manifest.size(), manifest.pageSize(), store.layout().manifestKey(manifest.generation()));
			return new Restored(target, downloaded);
		}
		catch (RuntimeException ex) {
			deleteQuietly(target);
			throw ex;
		}
	}

	/**
	 * Downloads a plain SQLite object (the original library's format) into a new file and verifies it.
	 * @throws CorruptSnapshotException when the object is not a sound SQLite database
	 */
	public Restored importPlain(String key, Path directory) {
		Path target = newScratchFile(directory);
		try {
			long size;
			try (var in = store.bucket().openStream(key)
				.orElseThrow(() -> new CorruptSnapshotException(key, "it disappeared while being imported"))) {
				size = Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			}
			byte[] header = new byte[SQLITE_HEADER.length];
			try (var in = Files.newInputStream(target)) {
				if (in.readNBytes(header, 0, header.length) != header.length
						|| !java.util.Arrays.equals(header, SQLITE_HEADER)) {
					throw new CorruptSnapshotException(key, "it is not a SQLite database (no SQLite header)");
				}
			}
			verifyDatabase(target, size, -1, key);
			return new Restored(target, size);
		}
		catch (IOException ex) {
			deleteQuietly(target);
			throw new BucketHeadException("Cannot import '" + key + "': " + ex, ex);
		}
		catch (RuntimeException ex) {
			deleteQuietly(target);
			throw ex;
		}
	}

	/** A verified database file (the caller owns and deletes it) and what it cost to fetch. */
	public record Restored(Path file, long bytesDownloaded) {
	}

	private long download(Manifest manifest, Path target) {
		Map<String, List<Long>> offsetsByHash = new LinkedHashMap<>();
		Map<String, Integer> lengthByHash = new LinkedHashMap<>();
		long offset = 0;
		for (ChunkRef chunk : manifest.chunks()) {
			offsetsByHash.computeIfAbsent(chunk.sha256(), (h) -> new ArrayList<>()).add(offset);
			lengthByHash.put(chunk.sha256(), chunk.length());
			offset += chunk.length();
		}
		if (offset != manifest.size()) {
			throw new CorruptSnapshotException(store.layout().manifestKey(manifest.generation()),
					"its chunks add up to " + offset + " bytes but it records a size of " + manifest.size());
		}
		try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
			List<Future<Integer>> tasks = new ArrayList<>();
			CompletionService<Integer> downloads = new ExecutorCompletionService<>(io);
			for (Map.Entry<String, List<Long>> entry : offsetsByHash.entrySet()) {
				String hash = entry.getKey();
				tasks.add(downloads.submit(() -> fetchChunk(hash, lengthByHash.get(hash), entry.getValue(), channel)));
			}
			long downloaded = 0;
			try {
				// In completion order: the first missing or damaged chunk fails the restore at once.
				for (int i = 0; i < tasks.size(); i++) {
					downloaded += downloads.take().get();
				}
			}
			catch (ExecutionException ex) {
				tasks.forEach((task) -> task.cancel(true));
				if (ex.getCause() instanceof RuntimeException runtime) {
					throw runtime;
				}
				throw new BucketHeadException("Chunk download failed: " + ex.getCause(), ex.getCause());
			}
			catch (InterruptedException ex) {
				tasks.forEach((task) -> task.cancel(true));
				Thread.currentThread().interrupt();
				throw new BucketHeadException("Restore interrupted", ex);
			}
			channel.truncate(manifest.size());
			return downloaded;
		}
		catch (IOException ex) {
			throw new BucketHeadException("Cannot write the restored database " + target + ": " + ex, ex);
		}
	}

	private int fetchChunk(String hash, int length, List<Long> offsets, FileChannel channel) throws IOException {
		String key = store.layout().chunkKey(hash);
		StoredObject object = store.bucket().get(key)
			.orElseThrow(() -> new CorruptSnapshotException(key, "the chunk does not exist in the bucket"));
		byte[] data = codec.decompress(object.data(), length, key);
		String actual = HexFormat.of().formatHex(SnapshotWriter.sha256().digest(data));
		if (!actual.equals(hash)) {
			throw new CorruptSnapshotException(key, "its content hashes to " + actual);
		}
		for (long offset : offsets) {
			ByteBuffer buffer = ByteBuffer.wrap(data);
			long position = offset;
			while (buffer.hasRemaining()) {
				position += channel.write(buffer, position);
			}
		}
		return object.data().length;
	}

	/**
	 * Opens the file as a database and checks that its page count matches its size and that
	 * {@code quick_check} passes. {@code expectedPageSize} below 1 skips the page size check.
	 */
	static void verifyDatabase(Path file, long expectedSize, int expectedPageSize, String sourceKey) {
		if (expectedSize == 0) {
			return;
		}
		try (Connection connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, new Properties());
				Statement statement = connection.createStatement()) {
			long pageSize = single(statement, "PRAGMA page_size");
			long pageCount = single(statement, "PRAGMA page_count");
			if (expectedPageSize > 0 && pageSize != expectedPageSize) {
				throw new CorruptSnapshotException(sourceKey, "page size is " + pageSize + ", expected " + expectedPageSize);
			}
			if (pageSize * pageCount != expectedSize) {
				throw new CorruptSnapshotException(sourceKey, "page_count " + pageCount + " x page_size " + pageSize
						+ " does not match its size of " + expectedSize + " bytes");
			}
			List<String> problems = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery("PRAGMA quick_check(5)")) {
				while (rs.next()) {
					problems.add(rs.getString(1));
				}
			}
			if (!problems.equals(List.of("ok"))) {
				throw new CorruptSnapshotException(sourceKey, "SQLite quick_check failed: " + problems);
			}
		}
		catch (SQLException ex) {
			throw new CorruptSnapshotException(sourceKey, "SQLite cannot open it (" + ex.getMessage() + ")");
		}
	}

	private static long single(Statement statement, String sql) throws SQLException {
		try (ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static Path newScratchFile(Path directory) {
		try {
			Files.createDirectories(directory);
			return Files.createTempFile(directory, "restore-", ".db");
		}
		catch (IOException ex) {
			throw new BucketHeadException("Cannot create a scratch file in " + directory + ": " + ex, ex);
		}
	}

	public static void deleteQuietly(Path file) {
		for (String suffix : new String[] { "", "-wal", "-shm", "-journal" }) {
			try {
				Files.deleteIfExists(Path.of(file + suffix));
			}
			catch (IOException ignored) {
				// A leftover scratch file is harmless.
			}
		}
	}

}
