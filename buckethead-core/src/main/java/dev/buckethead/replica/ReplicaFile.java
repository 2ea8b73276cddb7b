package dev.buckethead.replica;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.BitSet;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.buckethead.BucketHeadException;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;

/**
 * The replica's live database: a SQLite file in rollback-journal mode that only this class writes, by page, and
 * that readers open read-only.
 * <p>
 * Why an apply is atomic for readers (SQLite's file locking, sqlite.org/lockingv3.html): a reader holds a SHARED
 * lock for its whole read transaction. An apply first takes SQLite's EXCLUSIVE lock through its own connection
 * ({@code BEGIN EXCLUSIVE}): the PENDING step stops new readers and the lock is granted once the current ones
 * ended, waiting at most the busy timeout (a read longer than that makes the apply fail and retry at the next
 * poll, it is never interrupted). While it holds the lock no reader reads; it writes the pages at
 * {@code (page - 1) x pageSize}, cuts or grows the file, and raises the file change counter (header offset 24)
 * so that every connection drops its page cache when it next takes SHARED. Readers therefore see the old point
 * or the new one, never a mix. The cost is the pages written, not the database's size.
 * <p>
 * The channel stays open for the replica's life: POSIX advisory locks belong to the process, so closing any
 * descriptor of the file would drop the locks SQLite holds on it for every connection of this process.
 */
final class ReplicaFile implements AutoCloseable {

	/** Header fields SQLite reads (sqlite.org/fileformat.html, section 1.3). */
	private static final int HEADER_BYTES = 100;

	private static final int WRITE_VERSION = 18;

	private static final int READ_VERSION = 19;

	private static final int CHANGE_COUNTER = 24;

	private static final int PAGE_COUNT = 28;

	private static final int VERSION_VALID_FOR = 92;

	private final Path file;

	private final String branch;

	private final Duration busyTimeout;

	private final FileChannel channel;

	private final Connection lock;

	/** Set when writing pages failed half-way: the file matches no point until a resync rewrites it. */
	private volatile boolean damaged;

	/** Null for a file the caller named: {@link #close()} leaves it. Else the claim on a private file, deleted at close. */
	private final @Nullable ReplicaOwnership ownership;

	private ReplicaFile(Path file, String branch, Duration busyTimeout, @Nullable ReplicaOwnership ownership)
			throws IOException, SQLException {
		this.file = file;
		this.ownership = ownership;
		this.branch = branch;
		this.busyTimeout = busyTimeout;
		this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
		markRollbackJournal();
		Properties properties = new Properties();
		properties.setProperty("busy_timeout", Long.toString(busyTimeout.toMillis()));
		this.lock = new org.sqlite.JDBC().connect(url(), properties);
		if (channel.size() == 0) {
			// A write transaction on an empty file makes SQLite write a fresh page 1 at commit, over the pages an
			// apply wrote: give the file its page 1 now, so that the lock's transaction never has anything to write.
			try (Statement statement = lock.createStatement()) {
				statement.execute("PRAGMA user_version = 0");
			}
		}
	}

	/**
	 * Creates the live file from {@code initial} (moved in; null: empty): at {@code named} when given (kept on
	 * close, replacing what is there), else a new file in {@code directory}/replicas (deleted on close).
	 */
	static ReplicaFile create(Path directory, @Nullable Path named, String branch, @Nullable Path initial,
			Duration busyTimeout) {
		Path file = named != null ? named.toAbsolutePath() : directory.resolve("replicas").resolve("replica-" + branch
				+ "-" + UUID.randomUUID().toString().substring(0, 8) + ".db");
		ReplicaOwnership ownership = null;
		try {
			Files.createDirectories(file.getParent());
			if (named == null) {
				ReplicaOwnership.removeAbandoned(file.getParent());
				ownership = ReplicaOwnership.claim(file);
			}
			if (initial != null) {
				Files.move(initial, file, StandardCopyOption.REPLACE_EXISTING);
			}
			else {
				Files.write(file, new byte[0]);
			}
			return new ReplicaFile(file, branch, busyTimeout, ownership);
		}
		catch (IOException | SQLException ex) {
			if (ownership != null) {
				deleteQuietly(file);
				ownership.close();
			}
			throw new BucketHeadException("Cannot create the replica's live database " + file + ": " + ex.getMessage()
					+ "; check that the directory is writable and has room", ex);
		}
	}

	Path file() {
		return file;
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ignored) {
			// Already failing; the next replica here removes it.
		}
	}

	private String url() {
		return "jdbc:sqlite:" + file;
	}

	/** A new read-only connection; writes through it fail with {@link ReplicaReadOnlyException}. */
	Connection openReader() {
		SQLiteConfig config = new SQLiteConfig();
		config.setReadOnly(true);
		config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
		try {
			return ReadOnlyConnections.wrap(new org.sqlite.JDBC().connect(url(), config.toProperties()), branch);
		}
		catch (SQLException ex) {
			throw new BucketHeadException("Cannot open a connection to the replica's database " + file + ": "
					+ ex.getMessage(), ex);
		}
	}

	/**
	 * Whether an apply failed while writing pages (the disk full, say): readers were held off until it failed,
	 * but the file now mixes two points, so the next poll must restore the state afresh.
	 */
	boolean damaged() {
		return damaged;
	}

	/** The database size in bytes. */
	long size() {
		try {
			return channel.size();
		}
		catch (IOException ex) {
			throw failure("read the size of", ex);
		}
	}

	/**
	 * What an apply wrote, and how long readers were held off: from asking for the exclusive lock (waiting for the
	 * readers in progress) to releasing it.
	 */
	record Written(long pages, Duration held) {
	}

	/** Applies a batch of delta pages atomically for readers. */
	Written apply(PageBatch batch) {
		Duration held = underExclusiveLock(() -> {
			int pageSize = batch.pageSize();
			if (channel.size() > batch.minPageCount() * pageSize) {
				channel.truncate(batch.minPageCount() * pageSize);
			}
			for (Map.Entry<Integer, byte[]> page : batch.pages().entrySet()) {
				writeFully(ByteBuffer.wrap(page.getValue()), (page.getKey() - 1L) * pageSize);
			}
			resize(batch.pageCount() * pageSize);
			return batch.pageCount();
		});
		return new Written(batch.pages().size(), held);
	}

	/**
	 * Makes the database equal to the SQLite file {@code source} (a restored state), writing only the pages that
	 * differ: they are found before the lock is taken (nothing else writes this file), so the lock is held for the
	 * copy of those pages only.
	 */
	Written replaceFrom(Path source) {
		try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
			int pageSize = pageSizeOf(in);
			long sourceSize = in.size();
			BitSet differing = differingPages(in, pageSize);
			Duration held = underExclusiveLock(() -> {
				if (channel.size() > sourceSize) {
					channel.truncate(sourceSize);
				}
				ByteBuffer page = ByteBuffer.allocate(pageSize);
				for (int index = differing.nextSetBit(0); index >= 0; index = differing.nextSetBit(index + 1)) {
					long position = (long) index * pageSize;
					page.clear();
					readFully(in, page, position);
					page.flip();
					writeFully(page, position);
				}
				resize(sourceSize);
				return sourceSize / pageSize;
			});
			return new Written(differing.cardinality(), held);
		}
		catch (IOException ex) {
			throw failure("load a restored state into", ex);
		}
	}

	/** Pages (0-based) of {@code source} whose bytes differ from the live file's. */
	private BitSet differingPages(FileChannel source, int pageSize) throws IOException {
		BitSet differing = new BitSet();
		int pagesPerRead = Math.max(1, (1024 * 1024) / pageSize);
		ByteBuffer theirs = ByteBuffer.allocate(pagesPerRead * pageSize);
		ByteBuffer ours = ByteBuffer.allocate(pagesPerRead * pageSize);
		long size = source.size();
		long liveSize = channel.size();
		for (long position = 0; position < size; position += theirs.capacity()) {
			int length = (int) Math.min(theirs.capacity(), size - position);
			theirs.clear().limit(length);
			ours.clear().limit((int) Math.max(0, Math.min(length, liveSize - position)));
			readFully(source, theirs, position);
			readFully(channel, ours, position);
			for (int offset = 0; offset < length; offset += pageSize) {
				int end = Math.min(length, offset + pageSize);
				boolean same = end <= ours.limit()
						&& theirs.slice(offset, end - offset).equals(ours.slice(offset, end - offset));
				if (!same) {
					differing.set((int) ((position + offset) / pageSize));
				}
			}
		}
		return differing;
	}

	@FunctionalInterface
	private interface PageWrite {

		/** Writes pages; returns the database size in pages after. */
		long run() throws IOException;

	}

	private Duration underExclusiveLock(PageWrite write) {
		long asked = System.nanoTime();
		try (Statement statement = lock.createStatement()) {
			statement.execute("BEGIN EXCLUSIVE");
			try {
				int counter = readHeader().getInt(CHANGE_COUNTER);
				damaged = true;
				long pageCount = write.run();
				stampHeader(counter + 1, pageCount);
				damaged = false;
			}
			finally {
				statement.execute("COMMIT");
			}
			return Duration.ofNanos(System.nanoTime() - asked);
		}
		catch (SQLException ex) {
			throw new BucketHeadException("Cannot apply changes to the replica's database: " + ex.getMessage()
					+ " (readers held it longer than the busy timeout of " + busyTimeout.toMillis()
					+ " ms?); the next poll tries again", ex);
		}
		catch (IOException ex) {
			throw failure("write pages to", ex);
		}
	}

	private ByteBuffer readHeader() throws IOException {
		ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
		if (channel.size() >= HEADER_BYTES) {
			readFully(channel, header, 0);
		}
		return header;
	}

	/**
	 * Our own change counter, not the writer's: a WAL-mode writer need not raise it, and readers compare it with
	 * the value they cached. Rollback-journal mode (bytes 18-19 = 1), and the in-header page count valid.
	 */
	private void stampHeader(int counter, long pageCount) throws IOException {
		if (channel.size() < HEADER_BYTES) {
			return;
		}
		ByteBuffer header = readHeader();
		header.put(WRITE_VERSION, (byte) 1).put(READ_VERSION, (byte) 1);
		header.putInt(CHANGE_COUNTER, counter).putInt(PAGE_COUNT, (int) pageCount).putInt(VERSION_VALID_FOR, counter);
		header.clear();
		writeFully(header, 0);
	}

	private void markRollbackJournal() throws IOException {
		if (channel.size() >= HEADER_BYTES) {
			ByteBuffer header = readHeader();
			header.put(WRITE_VERSION, (byte) 1).put(READ_VERSION, (byte) 1);
			header.clear();
			writeFully(header, 0);
		}
	}

	private void resize(long size) throws IOException {
		if (channel.size() > size) {
			channel.truncate(size);
		}
		else if (channel.size() < size) {
			writeFully(ByteBuffer.allocate(1), size - 1);
		}
	}

	private static int pageSizeOf(FileChannel in) throws IOException {
		ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
		readFully(in, header, 0);
		int raw = Short.toUnsignedInt(header.getShort(16));
		return raw == 1 ? 65536 : raw;
	}

	private void writeFully(ByteBuffer buffer, long position) throws IOException {
		long at = position;
		while (buffer.hasRemaining()) {
			at += channel.write(buffer, at);
		}
	}

	private static void readFully(FileChannel from, ByteBuffer buffer, long position) throws IOException {
		long at = position;
		while (buffer.hasRemaining()) {
			int read = from.read(buffer, at);
			if (read < 0) {
				throw new IOException("the file ended at byte " + at);
			}
			at += read;
		}
	}

	private BucketHeadException failure(String doing, IOException ex) {
		return new BucketHeadException("Cannot " + doing + " the replica's database " + file + ": " + ex.getMessage(),
				ex);
	}

	/** Closes the lock connection and the channel (after every reader closed) and deletes the file. */
	@Override
	public void close() {
		try {
			lock.close();
		}
		catch (SQLException ignored) {
			// Closing anyway.
		}
		try {
			channel.close();
			if (ownership == null) {
				return;
			}
			Files.deleteIfExists(file);
			Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-journal"));
			ownership.close();
		}
		catch (IOException ignored) {
			// A leftover file in a RAM directory; nothing depends on it.
		}
	}

}
