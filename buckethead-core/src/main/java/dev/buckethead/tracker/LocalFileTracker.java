package dev.buckethead.tracker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.buckethead.BucketHeadException;
import dev.buckethead.files.FileStore;
import dev.buckethead.view.View;
import dev.buckethead.view.ViewContext;
import org.jspecify.annotations.Nullable;

/**
 * Keeps files on the local disk versioned in the {@link FileStore}, like the original library's
 * {@code LocalFileTracker}: {@link #track(Path) track} files or directories, {@link #sync()} to record every
 * content that changed as a new version, read {@link #history(Path)}, and {@link #restore(Path, int) restore} or
 * {@link #open(Path, int) read} any version.
 * <pre>{@code
 * LocalFileTracker tracker = new LocalFileTracker(db.viewContext(), db.files(), TrackerOptions.defaults());
 * tracker.track(Path.of("/etc/app"), PathFilter.all().excluding("*.tmp"));
 * SyncReport report = tracker.sync();
 * List<FileVersion> versions = tracker.history(Path.of("/etc/app/settings.json"));
 * tracker.restore(Path.of("/etc/app/settings.json"), 1);
 * }</pre>
 *
 * <h2>Where things live</h2> Content goes to the FileStore, so a content already stored, under any path or
 * version, costs no upload. What was tracked and every version's metadata are rows of {@code bh_tracked_roots},
 * {@code bh_tracked_files} and {@code bh_file_versions} in the live database, so they snapshot with it, survive
 * restarts and follow branch switches.
 *
 * <h2>Paths</h2> Paths are stored as absolute, normalized strings ({@link Path#toAbsolutePath()} then
 * {@link Path#normalize()}; symbolic links are <em>not</em> resolved), and every method normalizes the path it is
 * given the same way, so {@code history(Path.of("conf/../conf/a.json"))} finds {@code /work/conf/a.json} when run
 * from {@code /work}. Tracking a relative path therefore depends on the working directory at the time.
 *
 * <h2>Robustness</h2> A sync never stops at one bad file: an unreadable file, one that keeps changing while it
 * is read, or a bucket failure is reported under {@link SyncReport#errors()} and tried again next sync. A file
 * that changes while being read is read again (up to {@link TrackerOptions#readAttempts()}), so a torn read is
 * never recorded as a version. Symbolic links are followed only to regular files inside the tracked directory.
 *
 * <h2>Threads</h2> Thread-safe; syncs run one at a time.
 */
public final class LocalFileTracker extends View {

	private static final String UPSERT_ROOT = "INSERT INTO bh_tracked_roots (path, includes, excludes, tracked_at) "
			+ "VALUES (?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET includes = excluded.includes, "
			+ "excludes = excluded.excludes, tracked_at = excluded.tracked_at";

	private static final String DELETE_ROOT = "DELETE FROM bh_tracked_roots WHERE path = ?";

	private static final String SELECT_ROOTS = "SELECT path, includes, excludes, tracked_at FROM bh_tracked_roots "
			+ "ORDER BY path";

	private static final String DELETE_STATES_UNDER = "DELETE FROM bh_tracked_files WHERE path = ? "
			+ "OR (path > ? AND path < ?)";

	private static final String SELECT_STATE_PATHS = "SELECT path FROM bh_tracked_files";

	private static final String UPSERT_STATE = "INSERT INTO bh_tracked_files (path, size, modified_ns) "
			+ "VALUES (?, ?, ?) ON CONFLICT(path) DO UPDATE SET size = excluded.size, modified_ns = excluded.modified_ns";

	private static final String SELECT_KNOWN = "SELECT v.key, s.size, s.modified_ns FROM bh_file_versions v "
			+ "LEFT JOIN bh_tracked_files s ON s.path = v.path WHERE v.path = ? ORDER BY v.version DESC LIMIT 1";

	private static final String INSERT_VERSION = "INSERT INTO bh_file_versions "
			+ "(path, version, key, size, modified_ns, synced_at) "
			+ "SELECT ?, coalesce(max(version), 0) + 1, ?, ?, ?, ? FROM bh_file_versions WHERE path = ?";

	private static final String VERSION_COLUMNS = "SELECT path, version, key, size, modified_ns, synced_at "
			+ "FROM bh_file_versions ";

	private static final String SELECT_HISTORY = VERSION_COLUMNS + "WHERE path = ? ORDER BY version";

	private static final String SELECT_VERSION = VERSION_COLUMNS + "WHERE path = ? AND version = ?";

	private static final String SELECT_LATEST = VERSION_COLUMNS + "WHERE path = ? ORDER BY version DESC LIMIT 1";

	private final FileStore files;

	private final TrackerOptions options;

	private final ContentHash.Hasher hasher;

	private final Object syncLock = new Object();

	public LocalFileTracker(ViewContext context, FileStore files) {
		this(context, files, TrackerOptions.defaults());
	}

	public LocalFileTracker(ViewContext context, FileStore files, TrackerOptions options) {
		this(context, files, options, ContentHash::of);
	}

	/** For tests: {@code hasher} stands in for reading a file, and can change the file as it does. */
	LocalFileTracker(ViewContext context, FileStore files, TrackerOptions options, ContentHash.Hasher hasher) {
		super(context);
		this.files = Objects.requireNonNull(files, "files");
		this.options = Objects.requireNonNull(options, "options");
		this.hasher = hasher;
	}

	@Override
	protected void createSchema(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS bh_tracked_roots (path TEXT PRIMARY KEY NOT NULL, "
					+ "includes TEXT NOT NULL, excludes TEXT NOT NULL, tracked_at INTEGER NOT NULL)");
			// The size and modification time each file had at its last sync: how unchanged files are found unread.
			statement.execute("CREATE TABLE IF NOT EXISTS bh_tracked_files (path TEXT PRIMARY KEY NOT NULL, "
					+ "size INTEGER NOT NULL, modified_ns INTEGER NOT NULL)");
			statement.execute("CREATE TABLE IF NOT EXISTS bh_file_versions (path TEXT NOT NULL, "
					+ "version INTEGER NOT NULL, key TEXT NOT NULL, size INTEGER NOT NULL, "
					+ "modified_ns INTEGER NOT NULL, synced_at INTEGER NOT NULL, PRIMARY KEY (path, version))");
		}
	}

	/** Tracks a file, or every file under a directory; see {@link #track(Path, PathFilter)}. */
	public TrackedRoot track(Path path) {
		return track(path, PathFilter.all());
	}

	/**
	 * Tracks {@code path} from the next {@link #sync()}: a file, or the files under a directory that
	 * {@code filter} selects. The path need not exist yet; whether it is a file or a directory is decided at each
	 * sync. Tracking a path again replaces its filter.
	 */
	public TrackedRoot track(Path path, PathFilter filter) {
		Objects.requireNonNull(filter, "filter");
		Path root = normalize(path);
		Instant now = options.clock().instant();
		PreparedStatement upsert = context().prepare(UPSERT_ROOT);
		try {
			upsert.setString(1, root.toString());
			upsert.setString(2, String.join("\n", filter.includes()));
			upsert.setString(3, String.join("\n", filter.excludes()));
			upsert.setLong(4, now.toEpochMilli());
			upsert.executeUpdate();
		}
		catch (SQLException ex) {
			throw failure("track " + root, ex);
		}
		return new TrackedRoot(root, filter, Instant.ofEpochMilli(now.toEpochMilli()));
	}

	/**
	 * Stops tracking {@code path}, which must be a path given to {@link #track(Path)}. The history of its files
	 * is kept: {@link #history(Path)}, {@link #open(Path, int)} and {@link #restore(Path, int)} still work.
	 * @return whether {@code path} was tracked
	 */
	public boolean untrack(Path path) {
		Path root = normalize(path);
		String separator = root.getFileSystem().getSeparator();
		String prefix = root.toString().endsWith(separator) ? root.toString() : root + separator;
		String afterPrefix = prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
		return inTransaction((connection) -> {
			PreparedStatement states = context().prepare(DELETE_STATES_UNDER);
			states.setString(1, root.toString());
			states.setString(2, prefix);
			states.setString(3, afterPrefix);
			states.executeUpdate();
			PreparedStatement delete = context().prepare(DELETE_ROOT);
			delete.setString(1, root.toString());
			return delete.executeUpdate() > 0;
		});
	}

	/** What is tracked, in path order. */
	public List<TrackedRoot> roots() {
		try (ResultSet rows = context().prepare(SELECT_ROOTS).executeQuery()) {
			List<TrackedRoot> roots = new ArrayList<>();
			while (rows.next()) {
				roots.add(new TrackedRoot(Path.of(rows.getString(1)), PathFilter.of(lines(rows.getString(2)),
						lines(rows.getString(3))), Instant.ofEpochMilli(rows.getLong(4))));
			}
			return roots;
		}
		catch (SQLException ex) {
			throw failure("read the tracked paths", ex);
		}
	}

	/**
	 * Records a new version of every tracked file whose content differs from its latest version, uploading
	 * content the FileStore does not hold yet. Files that match their last sync's size and modification time
	 * are not read when {@link TrackerOptions#trustModificationTime()} is on.
	 */
	public SyncReport sync() {
		synchronized (syncLock) {
			SyncReport.Builder report = new SyncReport.Builder();
			List<TrackedRoot> roots = roots();
			Set<Path> seen = new HashSet<>();
			for (TrackedRoot root : roots) {
				new TrackedTree(root.path(), root.filter(), report).forEachFile((file) -> {
					if (seen.add(file)) {
						new FileSync(file).run(report);
					}
				});
			}
			reportMissing(roots, seen, report);
			return report.build();
		}
	}

	/** Every version of {@code path}, oldest first; empty if it was never synced. */
	public List<FileVersion> history(Path path) {
		Path file = normalize(path);
		PreparedStatement select = context().prepare(SELECT_HISTORY);
		try {
			select.setString(1, file.toString());
			List<FileVersion> versions = new ArrayList<>();
			try (ResultSet rows = select.executeQuery()) {
				while (rows.next()) {
					versions.add(version(rows));
				}
			}
			return versions;
		}
		catch (SQLException ex) {
			throw failure("read the history of " + file, ex);
		}
	}

	/** The latest version of {@code path}, or empty if it was never synced. */
	public Optional<FileVersion> latest(Path path) {
		Path file = normalize(path);
		PreparedStatement select = context().prepare(SELECT_LATEST);
		try {
			select.setString(1, file.toString());
			try (ResultSet rows = select.executeQuery()) {
				return rows.next() ? Optional.of(version(rows)) : Optional.empty();
			}
		}
		catch (SQLException ex) {
			throw failure("read the latest version of " + file, ex);
		}
	}

	/**
	 * One version of {@code path}.
	 * @throws VersionNotFoundException if there is no such version
	 */
	public FileVersion version(Path path, int version) {
		Path file = normalize(path);
		PreparedStatement select = context().prepare(SELECT_VERSION);
		try {
			select.setString(1, file.toString());
			select.setInt(2, version);
			try (ResultSet rows = select.executeQuery()) {
				if (rows.next()) {
					return version(rows);
				}
			}
		}
		catch (SQLException ex) {
			throw failure("read version " + version + " of " + file, ex);
		}
		throw new VersionNotFoundException(file, version, latest(file).map(FileVersion::version).orElse(0));
	}

	/**
	 * Opens a stream over the content of one version, to compare versions without writing them to disk; the
	 * caller closes it. The content is checked against its key at the end of the stream (see
	 * {@link FileStore#open(String)}).
	 * @throws VersionNotFoundException if there is no such version
	 */
	public InputStream open(Path path, int version) {
		return files.open(version(path, version).key());
	}

	/** The content of one version, in memory: for small files, such as configuration to diff. */
	public byte[] readAllBytes(Path path, int version) {
		FileVersion chosen = version(path, version);
		try (InputStream content = files.open(chosen.key())) {
			return content.readAllBytes();
		}
		catch (IOException ex) {
			throw new TrackerException("Cannot read version " + version + " of " + chosen.path() + " ("
					+ chosen.key() + "): " + ex, ex);
		}
	}

	/**
	 * Writes one version back to {@code path}, atomically: the content is downloaded to a temporary file beside
	 * it, verified, then moved over it (see {@link FileStore#get(String, Path)}). The next sync records the
	 * restored content as a new version, unless it equals the latest.
	 * @return the file written
	 * @throws VersionNotFoundException if there is no such version
	 */
	public Path restore(Path path, int version) {
		return restore(path, version, path);
	}

	/** Writes one version of {@code path} to {@code destination} instead, atomically. */
	public Path restore(Path path, int version, Path destination) {
		FileVersion chosen = version(path, version);
		return files.get(chosen.key(), normalize(destination));
	}

	private void reportMissing(List<TrackedRoot> roots, Set<Path> seen, SyncReport.Builder report) {
		try (ResultSet rows = context().prepare(SELECT_STATE_PATHS).executeQuery()) {
			while (rows.next()) {
				Path known = Path.of(rows.getString(1));
				if (!seen.contains(known) && !report.mentions(known) && isUnder(roots, known)
						&& Files.notExists(known, LinkOption.NOFOLLOW_LINKS)) {
					report.missing(known);
				}
			}
		}
		catch (SQLException ex) {
			throw failure("look for tracked files that no longer exist", ex);
		}
	}

	private static boolean isUnder(List<TrackedRoot> roots, Path file) {
		return roots.stream().anyMatch((root) -> file.startsWith(root.path()));
	}

	private @Nullable Known known(String path) throws SQLException {
		PreparedStatement select = context().prepare(SELECT_KNOWN);
		select.setString(1, path);
		try (ResultSet row = select.executeQuery()) {
			if (!row.next()) {
				return null;
			}
			long size = row.getLong(2);
			FileStamp stamp = row.wasNull() ? null : new FileStamp(size, row.getLong(3));
			return new Known(row.getString(1), stamp);
		}
	}

	private void saveStamp(String path, FileStamp stamp) throws SQLException {
		PreparedStatement upsert = context().prepare(UPSERT_STATE);
		upsert.setString(1, path);
		upsert.setLong(2, stamp.size());
		upsert.setLong(3, stamp.modifiedNanos());
		upsert.executeUpdate();
	}

	private void recordVersion(String path, String key, FileStamp stamp) {
		long syncedAt = options.clock().millis();
		inTransaction((connection) -> {
			PreparedStatement insert = context().prepare(INSERT_VERSION);
			insert.setString(1, path);
			insert.setString(2, key);
			insert.setLong(3, stamp.size());
			insert.setLong(4, stamp.modifiedNanos());
			insert.setLong(5, syncedAt);
			insert.setString(6, path);
			insert.executeUpdate();
			saveStamp(path, stamp);
			return null;
		});
	}

	private static FileVersion version(ResultSet row) throws SQLException {
		return new FileVersion(Path.of(row.getString(1)), row.getInt(2), row.getString(3), row.getLong(4),
				Instant.ofEpochSecond(0, row.getLong(5)), Instant.ofEpochMilli(row.getLong(6)));
	}

	private static List<String> lines(String joined) {
		return joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\n"));
	}

	/** {@code path} as the tracker stores it: absolute and normalized. */
	static Path normalize(@Nullable Path path) {
		if (path == null) {
			throw new TrackerException("No path was given to the LocalFileTracker");
		}
		return path.toAbsolutePath().normalize();
	}

	/** The latest content key of a path and, unless it was untracked since, the stamp of its last sync. */
	private record Known(String key, @Nullable FileStamp stamp) {
	}

	/** What became of one file in a sync. */
	private enum Outcome {

		ADDED, CHANGED, UNCHANGED,

		/** It changed while being read; read it again. */
		MOVING

	}

	/** Syncs one file, reporting its outcome; never throws for a problem with the file. */
	private final class FileSync {

		private final Path file;

		private final String path;

		private @Nullable Known known;

		FileSync(Path file) {
			this.file = file;
			this.path = file.toString();
		}

		void run(SyncReport.Builder report) {
			try {
				this.known = known(path);
				for (int attempt = 1; attempt <= options.readAttempts(); attempt++) {
					switch (attempt()) {
						case ADDED -> report.added(file);
						case CHANGED -> report.changed(file);
						case UNCHANGED -> report.unchanged(file);
						case MOVING -> {
							continue;
						}
					}
					return;
				}
				report.error(file, "it changed while being read, " + options.readAttempts() + " times in a row; "
						+ "the next sync tries again");
			}
			catch (NoSuchFileException ex) {
				vanished(report);
			}
			catch (IOException | UncheckedIOException ex) {
				report.error(file, "cannot read it: " + TrackedTree.describe(ex));
			}
			catch (SQLException ex) {
				report.error(file, failure("record " + file, ex).getMessage());
			}
			catch (BucketHeadException ex) {
				if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
					vanished(report);
				}
				else {
					report.error(file, ex.getMessage());
				}
			}
		}

		/** Deleted during the sync: missing if it was synced before, else as if never seen. */
		private void vanished(SyncReport.Builder report) {
			if (known != null) {
				report.missing(file);
			}
		}

		private Outcome attempt() throws IOException, SQLException {
			FileStamp before = FileStamp.read(file);
			Known last = known;
			if (last != null && options.trustModificationTime() && before.equals(last.stamp())) {
				return Outcome.UNCHANGED;
			}
			String key = hasher.hash(file);
			if (!before.equals(FileStamp.read(file))) {
				return Outcome.MOVING;
			}
			if (last != null && key.equals(last.key())) {
				saveStamp(path, before);
				return Outcome.UNCHANGED;
			}
			String stored = files.put(file);
			if (!stored.equals(key) || !before.equals(FileStamp.read(file))) {
				return Outcome.MOVING;
			}
			recordVersion(path, stored, before);
			return (last == null) ? Outcome.ADDED : Outcome.CHANGED;
		}

	}

}
