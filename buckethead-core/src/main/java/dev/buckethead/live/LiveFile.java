package dev.buckethead.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files of one live database, {@code live-<id>.db} with SQLite's {@code -wal} and {@code -shm} and its
 * identity {@code live-<id>.json}, and the lock file {@code live-<id>.lock} that its process holds locked for as
 * long as it uses them. The lock is the operating system's: it goes with the process, even on kill -9, which is
 * how a later start tells a dead process's file from a running one's. (A separate lock file, because closing any
 * descriptor of the database file would drop the locks SQLite holds on it.)
 */
final class LiveFile {

	static final String PREFIX = "live-";

	static final String DATABASE = ".db";

	static final String IDENTITY = ".json";

	static final String LOCK = ".lock";

	/** The files SQLite keeps beside a database. */
	static final List<String> SQLITE_SUFFIXES = List.of("", "-wal", "-shm", "-journal");

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final Path database;

	private final Path identity;

	private final Path lockFile;

	private @Nullable ProcessLock lock;

	private LiveFile(Path directory, String stem) {
		this.database = directory.resolve(stem + DATABASE);
		this.identity = directory.resolve(stem + IDENTITY);
		this.lockFile = directory.resolve(stem + LOCK);
	}

	/** A new live file in {@code directory} (created owner-only if missing), locked; the database is not created. */
	static LiveFile create(Path directory) throws IOException {
		PrivateFiles.createDirectories(directory);
		LiveFile file = new LiveFile(directory, PREFIX + UUID.randomUUID());
		PrivateFiles.createFile(file.lockFile);
		if (!file.tryLock()) {
			throw new IOException("Cannot lock the new lock file " + file.lockFile);
		}
		return file;
	}

	/** Takes the lock of the live file whose lock file is {@code lockFile}; empty while its owner still runs. */
	static Optional<LiveFile> claim(Path lockFile) {
		String name = lockFile.getFileName().toString();
		LiveFile file = new LiveFile(lockFile.getParent(), name.substring(0, name.length() - LOCK.length()));
		return file.tryLock() ? Optional.of(file) : Optional.empty();
	}

	private boolean tryLock() {
		try {
			lock = ProcessLock.tryLock(lockFile).orElse(null);
			return lock != null;
		}
		catch (IOException ex) {
			throw new LiveDatabaseException("Cannot lock " + lockFile + ": " + ex, ex);
		}
	}

	Path database() {
		return database;
	}

	Path identityFile() {
		return identity;
	}

	boolean exists() {
		return Files.exists(database);
	}

	/** Writes the identity in one rename, so that a crash leaves the old one or the new one. */
	void writeIdentity(LiveFileIdentity value) {
		try {
			PrivateFiles.writeAtomically(identity, JSON.writeValueAsBytes(value));
		}
		catch (IOException | JacksonException ex) {
			throw new LiveDatabaseException("Cannot write " + identity + ": " + ex, ex);
		}
	}

	/** The identity, or null when it is missing or unreadable. */
	@Nullable LiveFileIdentity readIdentity() {
		return read(identity);
	}

	static @Nullable LiveFileIdentity read(Path identityFile) {
		try {
			LiveFileIdentity value = JSON.readValue(Files.readAllBytes(identityFile), LiveFileIdentity.class);
			return (value.bucket() == null || value.snapshotKey() == null || value.branch() == null
					|| value.updatedAt() == null) ? null : value;
		}
		catch (IOException | JacksonException ex) {
			return null;
		}
	}

	/** Deletes every file of it, the lock file last, and lets the lock go. */
	void delete() {
		for (String suffix : SQLITE_SUFFIXES) {
			deleteQuietly(Path.of(database + suffix));
		}
		deleteQuietly(identity);
		deleteQuietly(lockFile);
		release();
	}

	/**
	 * Moves the database (with any {@code -wal} and {@code -shm}) and its identity into {@code folder}, their names
	 * prefixed with {@code prefix}, then deletes the lock file and lets the lock go.
	 * @return where the database went
	 */
	Path moveTo(Path folder, String prefix) throws IOException {
		PrivateFiles.createDirectories(folder);
		Path target = folder.resolve(prefix + database.getFileName());
		for (String suffix : SQLITE_SUFFIXES) {
			Path source = Path.of(database + suffix);
			if (Files.exists(source)) {
				Files.move(source, Path.of(target + suffix), StandardCopyOption.ATOMIC_MOVE);
			}
		}
		if (Files.exists(identity)) {
			Files.move(identity, folder.resolve(prefix + identity.getFileName()), StandardCopyOption.ATOMIC_MOVE);
		}
		deleteQuietly(lockFile);
		release();
		return target;
	}

	/** Lets the lock go, leaving the files for a later start. */
	void release() {
		ProcessLock current = lock;
		lock = null;
		if (current != null) {
			current.close();
		}
	}

	static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ignored) {
			// Best effort: a leftover file in a RAM directory goes away with the machine.
		}
	}

	@Override
	public String toString() {
		return database.toString();
	}

}
