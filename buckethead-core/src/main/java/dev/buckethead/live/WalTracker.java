package dev.buckethead.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.buckethead.live.LiveDatabase.ConsistentRead;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PageTracker} of a WAL-mode database whose every checkpoint it runs itself: all connections the live
 * database opens have {@code wal_autocheckpoint=0}, so no frame is checkpointed before the tracker read it.
 * <p>
 * Why it is exact (from SQLite's {@code src/wal.c}, 3.54):
 * <ol>
 * <li>Within one generation of the WAL (from one restart of the log to the next; the header's salts name it)
 * frames are only appended. Committed frames are overwritten only after a writer restarts the log
 * ({@code walRestartLog}), which it does only when every frame was checkpointed and it can lock read-mark
 * slots 1..N exclusively. A reader in a slot of 1 or more therefore freezes every frame; a reader in slot 0
 * (taken only when the WAL was completely checkpointed at its start) does not.</li>
 * <li>A checkpoint copies each page's <em>newest</em> frame, and only if that frame is within the safe limit
 * ({@code iFrame>mxSafeFrame → continue}): after a partial checkpoint the database file is <em>not</em> the
 * state at the checkpointed frame, since a page rewritten after the limit keeps an older version in the file.
 * So page bytes come from the newest frame of the current generation at or before the captured frame, and from
 * the database file only for pages no such frame holds: the file has had those unchanged since the generation
 * began (a restart needs a complete checkpoint, after which the file is exactly the database, and later
 * checkpoints only write pages that have frames in the generation).</li>
 * <li>The captured state is pinned exactly. While a private connection holds the write lock ({@code BEGIN
 * IMMEDIATE}: no commit can land, no restart can happen), the reader begins its transaction and
 * {@code PRAGMA wal_checkpoint(NOOP)} reports the last frame M and the checkpointed count. The reader's snapshot
 * is then frame M, and it sits in slot 0 exactly when M equals the checkpointed count. Writers wait for this
 * window only: a few statements and a 32-byte read.</li>
 * <li>Every checkpoint covers only frames already read: the capture's PASSIVE checkpoint runs while its reader
 * holds M, after frames up to M were read (so the safe limit is at most M); the closing one runs under the write
 * lock after reading up to the last frame. So when a writer restarts the log, every frame of the old generation
 * was read, and a changed salt only means: start again at frame 1.</li>
 * <li>A reader in slot 0 means every frame up to M was checkpointed, hence read: nothing is new. The log may
 * restart under that reader, so the WAL is not read at all: the file is exactly state M and stays so, since no
 * checkpoint can write into the file while a slot-0 reader exists.</li>
 * </ol>
 * Anything that contradicts these (more frames checkpointed than read: a checkpoint run by someone else, the
 * TRUNCATE checkpoint of {@link FileLiveDatabase#image}) makes the next capture a whole base, never a wrong delta.
 */
final class WalTracker implements PageTracker, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(WalTracker.class);

	private final Path databaseFile;

	private final Path walFile;

	private final Supplier<Connection> connections;

	private final Connection snapshot;

	private final Duration busyTimeout;

	/** One capture, checkpoint or image at a time. A semaphore: a capture may be closed by another thread. */
	private final Semaphore exclusive = new Semaphore(1);

	private final ChangedPages changes = new ChangedPages();

	// The position in the WAL, guarded by exclusive: the generation and the last frame read, and where each
	// page's newest frame of the generation is.
	private final FrameIndex index = new FrameIndex();

	/** 1 MiB: about 250 frame headers of 4 KiB pages per read of the WAL. */
	private final ByteBuffer frameBlock = ByteBuffer.allocateDirect(Math.max(1024 * 1024, WalFile.MIN_BLOCK_BYTES));

	private boolean inGeneration;

	private long salts;

	private long cursor;

	private @Nullable Connection reader;

	private @Nullable Connection writeLock;

	private @Nullable Connection checkpointer;

	private volatile boolean closed;

	/**
	 * @param connections opens private connections (not gated) to the database
	 * @param snapshot the connection whose {@code data_version} is {@link LiveDatabase#dataVersion()}
	 */
	WalTracker(Path databaseFile, Supplier<Connection> connections, Connection snapshot, Duration busyTimeout) {
		this.databaseFile = databaseFile;
		this.walFile = Path.of(databaseFile + "-wal");
		this.connections = connections;
		this.snapshot = snapshot;
		this.busyTimeout = busyTimeout;
	}

	/**
	 * Opens the private connections and reads once, so that the reader holds its shared lock on the database
	 * file from now on (a WAL-mode connection keeps it between transactions). Without one, the last application
	 * connection to close would get the exclusive lock and checkpoint the whole WAL on its way out, unread.
	 */
	void start() throws SQLException {
		acquire();
		try {
			openConnections();
			SqliteLiveDatabase.queryLong(reader(), "SELECT count(*) FROM sqlite_schema");
		}
		finally {
			release();
		}
	}

	@Override
	public PageCapture capture(ConsistentRead duringCapture) {
		return capture(duringCapture, false);
	}

	@Override
	public void trustCurrentState() {
		// A capture pins the state and its page count; acknowledging it without writing its pages anywhere makes
		// that state the acknowledged one. Its pages are never read.
		try (PageCapture capture = capture(ConsistentRead.NONE, false)) {
			capture.acknowledge();
		}
	}

	@Override
	public PageCapture captureBase(ConsistentRead duringCapture) {
		return capture(duringCapture, true);
	}

	private PageCapture capture(ConsistentRead duringCapture, boolean base) {
		acquire();
		Pin pin = null;
		FileChannel database = null;
		try {
			openConnections();
			pin = pin(true);
			boolean framesPinned = pin.mxFrame() > pin.checkpointed();
			advance(pin, framesPinned);
			int pageSize = (int) SqliteLiveDatabase.queryLong(reader(), "PRAGMA page_size");
			long pageCount = SqliteLiveDatabase.queryLong(reader(), "PRAGMA page_count");
			duringCapture.read(reader());
			database = FileChannel.open(databaseFile, StandardOpenOption.READ);
			TrackedCapture capture = new TrackedCapture(this, changes.take(pageCount, base), pageSize,
					pin.dataVersion(), database, pin.wal(), framesPinned ? index : null);
			pin = null;
			database = null;
			return capture;
		}
		catch (SQLException | IOException ex) {
			throw new LiveDatabaseException("Cannot capture the changed pages of the live database " + databaseFile
					+ ": " + ex.getMessage(), ex);
		}
		finally {
			if (pin != null) {
				endRead();
				pin.wal().close();
				closeQuietly(database);
				release();
			}
		}
	}

	/**
	 * Ends a capture: checkpoints up to the captured frame while the reader still holds it (every frame up to it
	 * was read, so nothing unread is checkpointed, and no writer waits), lets go of the WAL, then checkpoints the
	 * frames written meanwhile under the write lock.
	 * @param framesPinned whether the capture's reader holds the frames (a slot of 1 or more)
	 */
	void endCapture(WalFile wal, FileChannel database, boolean framesPinned) {
		try {
			try {
				if (framesPinned) {
					checkpoint("PASSIVE");
				}
			}
			finally {
				endRead();
				wal.close();
				closeQuietly(database);
			}
			finish();
		}
		catch (SQLException | IOException | RuntimeException ex) {
			// Nothing is lost: a checkpoint that did not run backfilled nothing. The next one catches up.
			log.debug("Checkpoint after a capture of {} did not complete: {}", databaseFile, ex.toString());
		}
		finally {
			release();
		}
	}

	boolean acknowledge(ChangedPages.Taken taken) {
		return changes.acknowledge(taken);
	}

	@Override
	public boolean checkpoint(long maxWalBytes) {
		if (closed || walSize() <= maxWalBytes || !exclusive.tryAcquire()) {
			return false;
		}
		try {
			if (closed) {
				return false;
			}
			openConnections();
			Pin pin = pin(false);
			try {
				boolean framesPinned = pin.mxFrame() > pin.checkpointed();
				advance(pin, framesPinned);
				if (framesPinned) {
					checkpoint("PASSIVE");
				}
			}
			finally {
				endRead();
				pin.wal().close();
			}
			finish();
			return true;
		}
		catch (SQLException | IOException ex) {
			throw new LiveDatabaseException("Bounding checkpoint of the live database " + databaseFile + " failed: "
					+ ex.getMessage(), ex);
		}
		finally {
			release();
		}
	}

	/** Runs {@code action} with no capture or checkpoint of this tracker in progress. */
	<T> T exclusively(Supplier<T> action) {
		acquire();
		try {
			return action.get();
		}
		finally {
			release();
		}
	}

	/** The content changed behind the tracker's back (a load, a TRUNCATE checkpoint): the next capture is a base. */
	void invalidate() {
		changes.invalidate();
	}

	/**
	 * Pins the latest committed state: under the write lock the reader begins at frame M, and the WAL's last
	 * frame, checkpointed count and header are read while nothing can change them.
	 */
	private Pin pin(boolean withDataVersion) throws SQLException, IOException {
		SqliteLiveDatabase.execute(writeLock(), "BEGIN IMMEDIATE");
		WalFile wal = null;
		boolean reading = false;
		try {
			SqliteLiveDatabase.execute(reader(), "BEGIN");
			reading = true;
			SqliteLiveDatabase.queryLong(reader(), "SELECT count(*) FROM sqlite_schema");
			long[] state = checkpoint("NOOP");
			wal = WalFile.open(walFile);
			WalFile.Header header = wal.header();
			long dataVersion = withDataVersion ? SqliteLiveDatabase.queryLong(snapshot, "PRAGMA data_version") : 0;
			return new Pin(state[1], state[2], header, dataVersion, wal);
		}
		catch (SQLException | IOException | RuntimeException ex) {
			if (wal != null) {
				wal.close();
			}
			if (reading) {
				endRead();
			}
			throw ex;
		}
		finally {
			rollback(writeLock());
		}
	}

	/** Under the write lock: reads the frames written since, then checkpoints all of them. */
	private void finish() throws SQLException, IOException {
		SqliteLiveDatabase.execute(writeLock(), "BEGIN IMMEDIATE");
		try (WalFile wal = WalFile.open(walFile)) {
			long[] state = checkpoint("NOOP");
			advance(new Pin(state[1], state[2], wal.header(), 0, wal), true);
			checkpoint("PASSIVE");
		}
		finally {
			rollback(writeLock());
		}
	}

	/**
	 * Reads the page numbers of the frames after the last one read, up to the pinned frame.
	 * @param framesStable whether the frames up to the pinned one cannot change meanwhile (a reader holds a slot
	 * of 1 or more, or the write lock is held); otherwise nothing is read from the WAL
	 */
	private void advance(Pin pin, boolean framesStable) throws IOException {
		WalFile.Header header = pin.header();
		if (header == null) {
			if (pin.mxFrame() != 0) {
				throw new IOException("SQLite reports " + pin.mxFrame() + " WAL frames but " + walFile + " has no header");
			}
			startGeneration(null);
			return;
		}
		if (!inGeneration || header.salts() != salts) {
			startGeneration(header);
		}
		if (pin.checkpointed() > cursor || pin.mxFrame() < cursor) {
			lostTrack(pin);
		}
		if (!framesStable) {
			cursor = Math.max(cursor, pin.mxFrame());
			return;
		}
		pin.wal().forEachFrame(cursor + 1, pin.mxFrame(), header.pageSize(), frameBlock, (frame, read) -> {
			if (read.salts() != header.salts()) {
				changes.invalidate();
				throw new IOException("frame " + frame + " of " + walFile + " does not belong to the WAL's current "
						+ "generation: the log changed under the tracker");
			}
			changes.record(read.page(), read.commitSize());
			index.put(read.page(), (int) frame);
			cursor = frame;
		});
	}

	private void startGeneration(WalFile.@Nullable Header header) {
		inGeneration = header != null;
		salts = header == null ? 0 : header.salts();
		cursor = 0;
		index.clear();
	}

	private void lostTrack(Pin pin) {
		log.warn("The WAL of {} was checkpointed beyond the frames BucketHead read ({} checkpointed, {} in the log, {} "
				+ "read): a checkpoint ran outside BucketHead (do not run PRAGMA wal_checkpoint on its connections). "
				+ "The next snapshot is a whole base.", databaseFile, pin.checkpointed(), pin.mxFrame(), cursor);
		changes.invalidate();
		if (pin.mxFrame() < cursor) {
			startGeneration(pin.header());
		}
	}

	/**
	 * busy, log frames, checkpointed frames. A PASSIVE checkpoint that meets a writer updating the wal-index
	 * reports busy and -1 frames: it did nothing, which loses nothing. The frame counts are needed only from
	 * NOOP under the write lock, where nothing can be busy.
	 */
	private long[] checkpoint(String mode) throws SQLException {
		try (var statement = checkpointer().createStatement();
				var rs = statement.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
			rs.next();
			long[] state = { rs.getLong(1), rs.getLong(2), rs.getLong(3) };
			if (state[1] < 0 && (state[0] == 0 || mode.equals("NOOP"))) {
				throw new SQLException("SQLite reports no WAL state (wal_checkpoint(" + mode + ") returned busy "
						+ state[0] + ", " + state[1] + " frames): is the live database still in WAL mode?");
			}
			return state;
		}
	}

	private long walSize() {
		try (WalFile wal = WalFile.open(walFile)) {
			return wal.size();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private void endRead() {
		rollback(reader());
	}

	/**
	 * Ends {@code connection}'s transaction. Should that fail, the connection is closed (and reopened when next
	 * needed): a private connection left inside a transaction would hold the WAL, or the write lock, for good.
	 */
	private void rollback(Connection connection) {
		try {
			SqliteLiveDatabase.execute(connection, "ROLLBACK");
		}
		catch (SQLException ex) {
			log.warn("Closing a private connection to {} whose transaction could not be ended: {}", databaseFile,
					ex.getMessage());
			try {
				connection.close();
			}
			catch (SQLException ignored) {
				// Already failing; the connection is dropped either way.
			}
			if (connection == reader) {
				reader = null;
			}
			if (connection == writeLock) {
				writeLock = null;
			}
		}
	}

	private void openConnections() throws SQLException {
		if (reader == null) {
			reader = connections.get();
		}
		if (checkpointer == null) {
			checkpointer = connections.get();
		}
		if (writeLock == null) {
			Connection connection = connections.get();
			org.sqlite.BusyHandler.setHandler(connection, new ShortWaitBusyHandler(busyTimeout));
			writeLock = connection;
		}
	}

	private Connection reader() {
		return Objects.requireNonNull(reader, "connections not open");
	}

	private Connection writeLock() {
		return Objects.requireNonNull(writeLock, "connections not open");
	}

	private Connection checkpointer() {
		return Objects.requireNonNull(checkpointer, "connections not open");
	}

	private void acquire() {
		if (closed) {
			throw new LiveDatabaseException("The live database is closed");
		}
		exclusive.acquireUninterruptibly();
	}

	private void release() {
		exclusive.release();
	}

	/** Closes the private connections, after waiting (boundedly) for a capture or checkpoint in progress. */
	@Override
	public void close() {
		closed = true;
		boolean acquired = false;
		try {
			acquired = exclusive.tryAcquire(busyTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			for (Connection connection : new Connection[] { reader, writeLock, checkpointer }) {
				if (connection != null) {
					try {
						connection.close();
					}
					catch (SQLException ignored) {
						// Shutting down.
					}
				}
			}
		}
		finally {
			if (acquired) {
				release();
			}
		}
	}

	private static void closeQuietly(@Nullable FileChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ignored) {
				// Read-only channel.
			}
		}
	}

	/**
	 * A pinned state: the WAL's last committed frame and how many frames are checkpointed, with the header of
	 * the generation they belong to (null: no WAL content), all read while no commit could land.
	 */
	private record Pin(long mxFrame, long checkpointed, WalFile.@Nullable Header header, long dataVersion, WalFile wal) {
	}

}
