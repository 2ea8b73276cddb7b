package dev.buckethead.live;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A lock file held by this process while it uses what the file stands for (a live file, a directory of step
 * copies): the operating system drops the lock when the process dies, so whoever takes it next knows the owner is
 * gone and may clean up. Close to let it go.
 */
public final class ProcessLock implements AutoCloseable {

	/**
	 * Lock files this JVM holds: the operating system lets a process lock a file twice, and closing a second
	 * channel on it would release the first one's lock.
	 */
	private static final Set<Path> HELD_BY_THIS_JVM = ConcurrentHashMap.newKeySet();

	private final Path key;

	private final FileChannel channel;

	private ProcessLock(Path key, FileChannel channel) {
		this.key = key;
		this.channel = channel;
	}

	/**
	 * Takes the lock of the existing {@code lockFile}: empty while another process or this JVM holds it, or when
	 * it is gone.
	 * @throws IOException when the file cannot be opened
	 */
	public static Optional<ProcessLock> tryLock(Path lockFile) throws IOException {
		Path key = lockFile.toAbsolutePath().normalize();
		if (!HELD_BY_THIS_JVM.add(key)) {
			return Optional.empty();
		}
		try {
			FileChannel opened = FileChannel.open(lockFile, StandardOpenOption.WRITE);
			FileLock lock;
			try {
				lock = opened.tryLock();
			}
			catch (IOException | OverlappingFileLockException ex) {
				lock = null;
			}
			if (lock == null) {
				opened.close();
				HELD_BY_THIS_JVM.remove(key);
				return Optional.empty();
			}
			return Optional.of(new ProcessLock(key, opened));
		}
		catch (NoSuchFileException ex) {
			// Its owner deleted it after it was listed: nothing left to take.
			HELD_BY_THIS_JVM.remove(key);
			return Optional.empty();
		}
		catch (IOException | RuntimeException ex) {
			HELD_BY_THIS_JVM.remove(key);
			throw ex;
		}
	}

	/** Lets the lock go; the file stays (delete it first when it is done with). */
	@Override
	public void close() {
		try {
			channel.close();
		}
		catch (IOException ignored) {
			// Closing releases the lock; a failure to close leaves nothing to do.
		}
		HELD_BY_THIS_JVM.remove(key);
	}

}
