package dev.buckethead.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConnection;

/**
 * {@link LiveStorage#MEMORY}: SQLite's memdb VFS, one named in-memory database shared by every connection of
 * this instance (not shared-cache mode, whose snapshots can be torn). An image is a {@code serialize} copy
 * taken inside a read transaction, so no commit can land half-way through the copy.
 */
final class MemoryLiveDatabase extends SqliteLiveDatabase {

	private final String name = "/buckethead-" + UUID.randomUUID();

	/** What {@link #identify} last recorded, written beside a preserved copy. */
	private volatile @Nullable LiveFileIdentity identity;

	/** A file a dead process left, loaded here and kept (locked) until its content is in the bucket. */
	private @Nullable LiveFile adoptedFrom;

	private boolean preserveRequested;

	private boolean preserved;

	MemoryLiveDatabase(LiveDatabaseOptions options, LiveFile adopted) {
		super(options);
		openSnapshotConnection();
		try {
			replaceWith(adopted.database());
		}
		catch (RuntimeException ex) {
			adopted.release();
			closeSnapshotConnection();
			throw ex;
		}
		this.adoptedFrom = adopted;
		this.identity = adopted.readIdentity();
	}

	MemoryLiveDatabase(LiveDatabaseOptions options, @Nullable Path initialContent) {
		super(options);
		// The snapshot connection also keeps the memdb alive: it is freed when its last connection closes.
		openSnapshotConnection();
		if (initialContent != null) {
			replaceWith(initialContent);
			try {
				java.nio.file.Files.deleteIfExists(initialContent);
			}
			catch (IOException ignored) {
				// A leftover scratch file; harmless.
			}
		}
	}

	@Override
	protected String url() {
		return "jdbc:sqlite:file:" + name + "?vfs=memdb";
	}

	@Override
	protected void configure(Properties properties) {
		properties.setProperty("synchronous", "OFF");
	}

	/**
	 * Snapshots taken from {@link LiveStorage#FILE} carry WAL mode in their header (bytes 18 and 19), which
	 * memdb cannot open; marking the copy as a rollback-journal database makes any snapshot loadable.
	 */
	@Override
	protected void prepareForLoad(Path source) {
		try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(source,
				java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
			if (channel.size() >= 100) {
				ByteBuffer versions = ByteBuffer.allocate(2);
				channel.read(versions, 18);
				if (versions.get(0) == 2 || versions.get(1) == 2) {
					channel.write(ByteBuffer.wrap(new byte[] { 1, 1 }), 18);
				}
			}
		}
		catch (IOException ex) {
			throw new LiveDatabaseException("Cannot prepare " + source + " for loading into memory: " + ex, ex);
		}
	}

	@Override
	public DatabaseImage image(ConsistentRead duringImage) {
		Connection connection = snapshotConnection();
		try {
			connection.setAutoCommit(false);
			try {
				queryLong(connection, "SELECT count(*) FROM sqlite_schema");
				long pageSize = queryLong(connection, "PRAGMA page_size");
				long dataVersion = queryLong(connection, "PRAGMA data_version");
				duringImage.read(connection);
				byte[] bytes = ((SQLiteConnection) connection).getDatabase().serialize("main");
				return new BytesImage(bytes, (int) pageSize, dataVersion);
			}
			finally {
				connection.commit();
				connection.setAutoCommit(true);
			}
		}
		catch (SQLException ex) {
			throw new LiveDatabaseException("Cannot take an image of the in-memory database: " + ex.getMessage(), ex);
		}
	}

	@Override
	public Path scratchDirectory() {
		return options.directory();
	}

	@Override
	public String describe() {
		return "memdb " + name;
	}

	/**
	 * Remembers the identity for a preserved copy. An adopted file is deleted as soon as the identity moves on
	 * from the one it was adopted with: that only happens once its content is in the bucket.
	 */
	@Override
	public synchronized void identify(LiveFileIdentity identity) {
		LiveFileIdentity adopted = this.identity;
		this.identity = identity;
		LiveFile file = adoptedFrom;
		if (file != null && identity.pending() == null && (adopted == null || !adopted.branch().equals(identity.branch())
				|| !java.util.Objects.equals(adopted.generation(), identity.generation()))) {
			file.delete();
			adoptedFrom = null;
		}
	}

	/** Copies the database into a new live file, with its identity, that the next start can adopt. */
	@Override
	public synchronized Path preserveOnClose() {
		preserveRequested = true;
		LiveFile copy = null;
		try {
			copy = LiveFile.create(options.directory());
			PrivateFiles.createFile(copy.database());
			int rc = ((SQLiteConnection) snapshotConnection()).getDatabase()
				.backup("main", copy.database().toString(), null, 50, 200, -1);
			if (rc != 0) {
				throw new LiveDatabaseException("backup failed with SQLite code " + rc);
			}
			LiveFileIdentity current = identity;
			if (current != null) {
				copy.writeIdentity(current);
			}
			copy.release();
			preserved = true;
			return copy.database();
		}
		catch (IOException | SQLException | LiveDatabaseException ex) {
			if (copy != null) {
				copy.delete();
			}
			throw new LiveDatabaseException("Cannot save the in-memory database to " + options.directory() + ": "
					+ ex, ex);
		}
	}

	/** Frees the memory; an adopted file goes too unless a copy was asked for and could not be made. */
	@Override
	public synchronized void close() {
		closeSnapshotConnection();
		LiveFile file = adoptedFrom;
		adoptedFrom = null;
		if (file != null) {
			if (preserveRequested && !preserved) {
				file.release();
			}
			else {
				file.delete();
			}
		}
	}

	private record BytesImage(byte[] bytes, int pageSize, long dataVersion) implements DatabaseImage {

		@Override
		public long size() {
			return bytes.length;
		}

		@Override
		public void read(long offset, ByteBuffer target) throws IOException {
			target.clear();
			target.put(bytes, (int) offset, (int) Math.min(target.capacity(), bytes.length - offset));
			target.flip();
		}

		@Override
		public void close() {
		}

	}

}
