package dev.buckethead.replica;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks a replica's private file as in use, so that a replica starting later in the same directory can delete the
 * files of replicas that died without closing (in a RAM directory they would hold memory until a reboot): an
 * exclusive lock on {@code <file>.owner}, held for the replica's life. The lock is on that separate file, never on
 * the database, whose locks are SQLite's.
 */
final class ReplicaOwnership implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ReplicaOwnership.class);

	static final String SUFFIX = ".owner";

	/**
	 * Owner files this JVM holds. Never opened by the cleaner: closing any descriptor of a file drops every POSIX
	 * lock the process holds on it, so checking our own would unlock it.
	 */
	private static final java.util.Set<Path> OWNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final Path owner;

	private final FileChannel channel;

	private final FileLock lock;

	private ReplicaOwnership(Path owner, FileChannel channel, FileLock lock) {
		this.owner = owner;
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Locks {@code <database>.owner}. Locked under a temporary name and then renamed (the lock follows the file),
	 * so that no other replica ever sees the owner file unlocked.
	 */
	static ReplicaOwnership claim(Path database) throws IOException {
		Path owner = database.resolveSibling(database.getFileName() + SUFFIX);
		Path claiming = database.resolveSibling(database.getFileName() + ".claiming");
		FileChannel channel = FileChannel.open(claiming, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
		try {
			FileLock lock = channel.lock();
			OWNED.add(owner.toAbsolutePath());
			Files.move(claiming, owner, StandardCopyOption.ATOMIC_MOVE);
			return new ReplicaOwnership(owner, channel, lock);
		}
		catch (IOException | RuntimeException ex) {
			OWNED.remove(owner.toAbsolutePath());
			channel.close();
			Files.deleteIfExists(claiming);
			throw ex;
		}
	}

	/** Deletes the files of every replica in {@code directory} whose owner no longer holds its lock. */
	static void removeAbandoned(Path directory) {
		if (!Files.isDirectory(directory)) {
			return;
		}
		try (Stream<Path> files = Files.list(directory)) {
			files.filter((file) -> file.getFileName().toString().endsWith(SUFFIX)).forEach(ReplicaOwnership::removeIfAbandoned);
		}
		catch (IOException ex) {
			log.debug("Cannot list {} for abandoned replica files: {}", directory, ex.getMessage());
		}
	}

	private static void removeIfAbandoned(Path owner) {
		if (OWNED.contains(owner.toAbsolutePath())) {
			return;
		}
		String name = owner.getFileName().toString();
		Path database = owner.resolveSibling(name.substring(0, name.length() - SUFFIX.length()));
		try (FileChannel channel = FileChannel.open(owner, StandardOpenOption.WRITE)) {
			FileLock lock = channel.tryLock();
			if (lock == null) {
				return; // another process's live replica
			}
			try {
				Files.deleteIfExists(database);
				Files.deleteIfExists(database.resolveSibling(database.getFileName() + "-journal"));
				Files.deleteIfExists(owner);
				log.info("Deleted the files of a replica that ended without closing: {}", database);
			}
			finally {
				lock.release();
			}
		}
		catch (OverlappingFileLockException ex) {
			// Being checked by another thread of this process.
		}
		catch (IOException ex) {
			log.debug("Cannot check replica owner file {}: {}", owner, ex.getMessage());
		}
	}

	@Override
	public void close() {
		try {
			Files.deleteIfExists(owner);
			lock.release();
			channel.close();
		}
		catch (IOException ignored) {
			// The next replica to start here removes it.
		}
		finally {
			OWNED.remove(owner.toAbsolutePath());
		}
	}

}
