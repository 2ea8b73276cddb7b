package dev.buckethead.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to set up the live database.
 *
 * @param storage where it lives
 * @param directory for {@link LiveStorage#FILE}: the directory of the live file (RAM-backed by default)
 * @param busyTimeout how long a connection waits for a lock before failing with "database is locked"
 */
public record LiveDatabaseOptions(LiveStorage storage, Path directory, Duration busyTimeout) {

	/** {@code /dev/shm} where it exists and is writable, else the JVM's temporary directory. */
	public static Path defaultDirectory() {
		Path shm = Path.of("/dev/shm");
		if (Files.isDirectory(shm) && Files.isWritable(shm)) {
			return shm.resolve("buckethead");
		}
		return Path.of(System.getProperty("java.io.tmpdir"), "buckethead");
	}

}
