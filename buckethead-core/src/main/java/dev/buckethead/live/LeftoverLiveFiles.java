package dev.buckethead.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.buckethead.live.AdoptionRules.Decision;
import dev.buckethead.live.AdoptionRules.Start;
import dev.buckethead.live.AdoptionRules.Verdict;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live files in a directory that no running process holds: left by a process that died, or kept by a final
 * flush that failed. At start-up {@link #resolve} adopts the one that holds this branch's newest state (see
 * {@link AdoptionRules}), sets aside the others of this database into {@value #SET_ASIDE}, keeping only the
 * newest few there, and leaves other databases' files alone. Nothing is ever deleted that the bucket may not have,
 * except the oldest set-aside files beyond the limit, each one logged.
 */
public final class LeftoverLiveFiles {

	/** The folder, inside the live directory, for files that were not adopted. */
	public static final String SET_ASIDE = "set-aside";

	private static final Logger log = LoggerFactory.getLogger(LeftoverLiveFiles.class);

	/** Set-aside names start with when they were set aside, so that they sort oldest first. */
	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSS'Z'-")
		.withZone(ZoneOffset.UTC);

	/** The last stamp given, in microseconds: two files set aside in the same microsecond still sort in order. */
	private static final AtomicLong lastStamp = new AtomicLong();

	private LeftoverLiveFiles() {
	}

	/**
	 * Deals with every leftover in {@code directory} for a start.
	 * @param keepSetAside how many set-aside files to keep (at least 1); older ones are deleted, each logged
	 * @return the file to adopt, its lock now held by this process; pass it to {@link LiveDatabases#adopt}
	 */
	public static Optional<Leftover> resolve(Path directory, Start start, int keepSetAside) {
		List<Leftover> adoptable = new ArrayList<>();
		for (Leftover leftover : claim(directory)) {
			LiveFileIdentity identity = leftover.identity();
			Decision decision = AdoptionRules.byIdentity(identity, start);
			if (decision.verdict() == Verdict.ADOPT) {
				decision = AdoptionRules.afterCheck(identity, start, leftover.check());
			}
			switch (decision.verdict()) {
				case ADOPT -> adoptable.add(leftover);
				case SET_ASIDE -> leftover.setAside(decision.reason(), start, keepSetAside);
				case LEAVE -> {
					log.info("Leaving the live file {} alone: {}", leftover.database(), decision.reason());
					leftover.close();
				}
			}
		}
		// Two dead processes on the same branch (there should never be): the newest state wins, none is lost.
		adoptable.sort(Comparator.comparing((Leftover leftover) -> leftover.identity().updatedAt()).reversed());
		for (Leftover older : adoptable.subList(Math.min(1, adoptable.size()), adoptable.size())) {
			older.setAside("a newer live file of the same branch was adopted", start, keepSetAside);
		}
		return adoptable.stream().findFirst();
	}

	/** Claims every leftover (its lock then held here); removes lock files whose database is gone. */
	static List<Leftover> claim(Path directory) {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		List<Path> locks;
		try (Stream<Path> files = Files.list(directory)) {
			locks = files.filter((file) -> {
				String name = file.getFileName().toString();
				return name.startsWith(LiveFile.PREFIX) && name.endsWith(LiveFile.LOCK);
			}).sorted().toList();
		}
		catch (IOException ex) {
			throw new LiveDatabaseException("Cannot list the live directory " + directory + ": " + ex, ex);
		}
		List<Leftover> leftovers = new ArrayList<>();
		for (Path lock : locks) {
			LiveFile.claim(lock).ifPresent((file) -> {
				if (file.exists()) {
					leftovers.add(new Leftover(file, file.readIdentity()));
				}
				else {
					// A process that died before it created its database, or after it deleted it.
					file.delete();
				}
			});
		}
		return leftovers;
	}

	/** Whether {@code database} is a live file set aside by a start (it has its identity beside it). */
	public static boolean isSetAside(Path database) {
		Path parent = database.toAbsolutePath().getParent();
		return parent != null && parent.getFileName() != null && parent.getFileName().toString().equals(SET_ASIDE)
				&& LiveFile.read(identityOf(database)) != null;
	}

	/** Deletes a set-aside live file and its identity, once its content is safe elsewhere (imported). */
	public static void deleteSetAside(Path database) {
		for (String suffix : LiveFile.SQLITE_SUFFIXES) {
			LiveFile.deleteQuietly(Path.of(database + suffix));
		}
		LiveFile.deleteQuietly(identityOf(database));
	}

	private static Path identityOf(Path database) {
		String name = database.getFileName().toString();
		String stem = name.endsWith(LiveFile.DATABASE) ? name.substring(0, name.length() - LiveFile.DATABASE.length())
				: name;
		return database.resolveSibling(stem + LiveFile.IDENTITY);
	}

	private static String nextStamp() {
		Instant now = Instant.now();
		long micros = lastStamp.updateAndGet((last) -> Math.max(last + 1,
				now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000));
		return STAMP.format(Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000));
	}

	/** Keeps the newest {@code keep} set-aside databases in {@code folder}; their names start with a time stamp. */
	private static void prune(Path folder, int keep) throws IOException {
		List<Path> databases;
		try (Stream<Path> files = Files.list(folder)) {
			databases = files.filter((file) -> file.getFileName().toString().endsWith(LiveFile.DATABASE))
				.sorted()
				.toList();
		}
		for (Path oldest : databases.subList(0, Math.max(0, databases.size() - keep))) {
			deleteSetAside(oldest);
			log.warn("Deleted the set-aside live file {}: only the newest {} set-aside files are kept "
					+ "(keepSetAsideFiles)", oldest, keep);
		}
	}

	/** A live file no running process holds, its lock held by this process until it is adopted or let go. */
	public static final class Leftover implements AutoCloseable {

		private final LiveFile file;

		private final @Nullable LiveFileIdentity identity;

		private boolean checked;

		private Optional<String> problem = Optional.empty();

		private Leftover(LiveFile file, @Nullable LiveFileIdentity identity) {
			this.file = file;
			this.identity = identity;
		}

		public Path database() {
			return file.database();
		}

		/** Its identity, or null when that is missing or unreadable. */
		public @Nullable LiveFileIdentity identity() {
			return identity;
		}

		LiveFile file() {
			return file;
		}

		/**
		 * Opens the database with SQLite, which replays its write-ahead log, runs {@code quick_check} and, when it
		 * passes, folds the log into the file (rollback-journal mode), so the database is one self-contained
		 * file.
		 * @return the problem, or empty when the database is sound
		 */
		Optional<String> check() {
			if (!checked) {
				problem = runCheck();
				checked = true;
			}
			return problem;
		}

		private Optional<String> runCheck() {
			try (Connection connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file.database(),
					new Properties()); Statement statement = connection.createStatement()) {
				List<String> problems = new ArrayList<>();
				try (ResultSet rows = statement.executeQuery("PRAGMA quick_check(5)")) {
					while (rows.next()) {
						problems.add(rows.getString(1));
					}
				}
				if (!problems.equals(List.of("ok"))) {
					return Optional.of(String.join("; ", problems).replaceAll("\\s*\\R\\s*", "; "));
				}
				statement.execute("PRAGMA journal_mode=DELETE");
				return Optional.empty();
			}
			catch (SQLException ex) {
				return Optional.of("SQLite cannot open it (" + ex.getMessage() + ")");
			}
		}

		/**
		 * Moves it into the set-aside folder and says so, with the command that brings it back. A sound file is
		 * first folded into one file (see {@link #check}), which is what {@code buckethead import} reads.
		 */
		void setAside(String reason, Start start, int keep) {
			check();
			Path folder = file.database().getParent().resolve(SET_ASIDE);
			Path kept;
			try {
				kept = file.moveTo(folder, nextStamp());
			}
			catch (IOException ex) {
				file.release();
				log.warn("Cannot set aside the live file {} ({}) into {}: {}. It stays where it is; the next start "
						+ "tries again", file.database(), reason, folder, ex.toString());
				return;
			}
			String branch = identity != null ? identity.branch() : start.branch();
			log.warn("Set aside the live file {} ({}{}): it was not adopted and may hold writes the bucket does not "
					+ "have. It is now {}; to make it the newest generation of branch '{}', run with this "
					+ "application's bucket settings: buckethead import {} --branch {} --snapshot-key {}",
					file.database(), reason, identity != null ? ", left by process " + identity.pid() : "", kept,
					branch, kept, branch, start.snapshotKey());
			try {
				prune(folder, keep);
			}
			catch (IOException ex) {
				log.warn("Cannot list {} to remove old set-aside files: {}", folder, ex.toString());
			}
		}

		/** Lets the lock go, leaving the files where they are. */
		@Override
		public void close() {
			file.release();
		}

	}

}
