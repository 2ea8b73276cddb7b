package dev.buckethead.live;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * {@link LiveStorage#FILE}: a WAL-mode database file in a RAM-backed directory.
 * <p>
 * An image is the database file itself, read while the snapshot connection holds a read transaction that
 * started right after a TRUNCATE checkpoint. Such a reader uses WAL read-mark 0 (it reads the file only), and
 * SQLite lets no checkpoint write into the file while a mark-0 reader exists, so the file stays exactly the
 * image while writers go on appending to the WAL. An empty WAL after the read began proves mark 0: a WAL can
 * only be truncated by a checkpoint that waits for every reader on a later mark. If writers keep the WAL busy,
 * the image falls back to a one-step backup into a scratch file.
 * <p>
 * The file is a {@link LiveFile}: owner-only, locked by this process while it runs, with an identity beside it
 * that says which generation of which branch the bucket holds of it, so that a start after a crash can adopt it.
 * <p>
 * Every checkpoint is this class's: each connection has {@code wal_autocheckpoint=0}, so that its
 * {@link WalTracker} reads every frame's page number before the frame is checkpointed. A {@link WalGuard} bounds
 * the WAL between flushes, and {@code journal_size_limit} shrinks the WAL file when the log restarts.
 */
final class FileLiveDatabase extends SqliteLiveDatabase {

	private static final int CHECKPOINT_ATTEMPTS = 5;

	/** Short, so that a checkpoint waiting on a long reader does not hold up writers for long. */
	private static final int SNAPSHOT_BUSY_TIMEOUT_MS = 200;

	private static final Logger log = LoggerFactory.getLogger(FileLiveDatabase.class);
	/** What a restarted WAL file is truncated to: about SQLite's usual 1000-page log. */
	static final long JOURNAL_SIZE_LIMIT_BYTES = 4L * 1024 * 1024;

	private final Path directory;

	private final LiveFile liveFile;

	private final Path file;

	private volatile boolean preserve;

	private @Nullable WalTracker tracker;

	private @Nullable ScheduledFuture<?> walGuard;

	/** A new live file holding {@code initialContent} (moved in), or an empty database. */
	FileLiveDatabase(LiveDatabaseOptions options, @Nullable Path initialContent) {
		this(options, newLiveFile(options.directory(), initialContent), false);
	}

	/** The live file a dead process left, used in place; its lock is already held by this process. */
	FileLiveDatabase(LiveDatabaseOptions options, LiveFile adopted) {
		this(options, adopted, true);
	}

	private FileLiveDatabase(LiveDatabaseOptions options, LiveFile liveFile, boolean adopted) {
		super(options);
		this.directory = options.directory();
		this.liveFile = liveFile;
		this.file = liveFile.database();
		try {
			openSnapshotConnection();
			execute(snapshotConnection(), "PRAGMA busy_timeout=" + SNAPSHOT_BUSY_TIMEOUT_MS);
			startTracking();
		}
		catch (SQLException | RuntimeException ex) {
			closeSnapshotConnection();
			if (adopted) {
				liveFile.release();
			}
			else {
				liveFile.delete();
			}
			throw new LiveDatabaseException("Cannot open the live database file " + file + ": " + ex, ex);
		}
	}

	/**
	 * Creates the files owner-only: SQLite gives the {@code -wal} and {@code -shm} files it creates the
	 * database file's permissions, and would create a new database world-readable.
	 */
	private static LiveFile newLiveFile(Path directory, @Nullable Path initialContent) {
		LiveFile created;
		try {
			created = LiveFile.create(directory);
		}
		catch (IOException ex) {
			throw new LiveDatabaseException("Cannot create the live database file in " + directory + ": " + ex, ex);
		}
		try {
			if (initialContent != null) {
				Files.move(initialContent, created.database(), StandardCopyOption.REPLACE_EXISTING);
				PrivateFiles.restrict(created.database());
			}
			else {
				PrivateFiles.createFile(created.database());
			}
			return created;
		}
		catch (IOException ex) {
			created.delete();
			throw new LiveDatabaseException("Cannot create the live database file " + created + ": " + ex, ex);
		}
	}

	@Override
	protected String url() {
		return "jdbc:sqlite:" + file;
	}

	@Override
	protected void configure(Properties properties) {
		properties.setProperty("journal_mode", "WAL");
		properties.setProperty("synchronous", "OFF");
		// Per connection: any connection with the default (1000 pages) would checkpoint frames unread.
		properties.setProperty("wal_autocheckpoint", "0");
		properties.setProperty("journal_size_limit", Long.toString(JOURNAL_SIZE_LIMIT_BYTES));
	}

	private void startTracking() throws SQLException {
		tracker = new WalTracker(file, this::openPrivateConnection, snapshotConnection(), options.busyTimeout());
		tracker.start();
		walGuard = WalGuard.watch(tracker, PageTracker.DEFAULT_MAX_WAL_BYTES);
	}

	@Override
	public Optional<PageTracker> pageTracker() {
		return Optional.ofNullable(tracker);
	}

	/** A load rewrote every page behind the tracker's back. */
	@Override
	protected void contentReplaced() {
		if (tracker != null) {
			tracker.invalidate();
		}
	}

	/**
	 * The TRUNCATE checkpoint discards WAL frames the tracker has not read, so after an image the next capture is
	 * a whole base.
	 */
	@Override
	public DatabaseImage image(ConsistentRead duringImage) {
		if (tracker == null) {
			return takeImage(duringImage);
		}
		WalTracker tracking = tracker;
		return tracking.exclusively(() -> {
			try {
				return takeImage(duringImage);
			}
			finally {
				tracking.invalidate();
			}
		});
	}

	private DatabaseImage takeImage(ConsistentRead duringImage) {
		Connection connection = snapshotConnection();
		try {
			for (int attempt = 0; attempt < CHECKPOINT_ATTEMPTS; attempt++) {
				DatabaseImage image = tryFileImage(connection, duringImage);
				if (image != null) {
					return image;
				}
			}
			return backupImage(connection, duringImage);
		}
		catch (SQLException | IOException ex) {
			throw new LiveDatabaseException("Cannot take an image of the live database " + file + ": " + ex, ex);
		}
	}

	private @Nullable DatabaseImage tryFileImage(Connection connection, ConsistentRead duringImage) throws SQLException, IOException {
		if (queryLong(connection, "PRAGMA wal_checkpoint(TRUNCATE)") != 0) {
			return null;
		}
		connection.setAutoCommit(false);
		boolean handedOver = false;
		try {
			queryLong(connection, "SELECT count(*) FROM sqlite_schema");
			Path wal = Path.of(file + "-wal");
			if (Files.exists(wal) && Files.size(wal) > 0) {
				return null;
			}
			long pageSize = queryLong(connection, "PRAGMA page_size");
			long pageCount = queryLong(connection, "PRAGMA page_count");
			long dataVersion = queryLong(connection, "PRAGMA data_version");
			duringImage.read(connection);
			FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
			handedOver = true;
			return new ChannelImage(file, channel, pageCount * pageSize, (int) pageSize, dataVersion, () -> {
				endReadTransaction(connection);
			});
		}
		finally {
			if (!handedOver) {
				endReadTransaction(connection);
			}
		}
	}

	private DatabaseImage backupImage(Connection connection, ConsistentRead duringImage) throws SQLException, IOException {
		long dataVersion = queryLong(connection, "PRAGMA data_version");
		Path copy = Files.createTempFile(directory, "image-", ".db");
		int rc = ((SQLiteConnection) connection).getDatabase().backup("main", copy.toString(), null, 50, 200, -1);
		if (rc != 0) {
			Files.deleteIfExists(copy);
			throw new SQLException("backup of the live database failed with SQLite code " + rc);
		}
		long pageSize;
		long pageCount;
		try (Connection copyConnection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + copy, new Properties())) {
			pageSize = queryLong(copyConnection, "PRAGMA page_size");
			pageCount = queryLong(copyConnection, "PRAGMA page_count");
			duringImage.read(copyConnection);
		}
		FileChannel channel = FileChannel.open(copy, StandardOpenOption.READ, StandardOpenOption.DELETE_ON_CLOSE);
		return new ChannelImage(copy, channel, pageCount * pageSize, (int) pageSize, dataVersion, () -> {
		});
	}

	private static void endReadTransaction(Connection connection) {
		try {
			connection.commit();
			connection.setAutoCommit(true);
		}
		catch (SQLException ex) {
			throw new LiveDatabaseException("Cannot end the snapshot read transaction: " + ex.getMessage(), ex);
		}
	}

	/** The live database file. */
	Path file() {
		return file;
	}

	@Override
	public Path scratchDirectory() {
		return directory;
	}

	@Override
	public String describe() {
		return "file " + file;
	}

	@Override
	public void identify(LiveFileIdentity identity) {
		try {
			liveFile.writeIdentity(identity);
		}
		catch (LiveDatabaseException ex) {
			log.warn("{}; after a crash the next start sets this live file aside instead of adopting it",
					ex.getMessage());
		}
	}

	@Override
	public Path preserveOnClose() {
		preserve = true;
		return file;
	}

	/** Deletes the live files, or with {@link #preserveOnClose()} leaves them, with their identity, for the next start. */
	@Override
	public void close() {
		if (walGuard != null) {
			walGuard.cancel(false);
		}
		if (tracker != null) {
			tracker.close();
		}
		closeSnapshotConnection();
		if (preserve) {
			liveFile.release();
		}
		else {
			liveFile.delete();
		}
	}

}
