package dev.buckethead.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read or write: live databases hold the application's data. Applies POSIX
 * permissions where the file system has them ({@code rw-------} for files, {@code rwx------} for the
 * directories it creates) and does nothing elsewhere.
 */
final class PrivateFiles {

	private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private PrivateFiles() {
	}

	/** Creates {@code directory} and any missing parents owner-only; leaves existing ones as they are. */
	static void createDirectories(Path directory) throws IOException {
		if (Files.isDirectory(directory)) {
			return;
		}
		if (isPosix(directory.toAbsolutePath().getRoot())) {
			Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
		}
		else {
			Files.createDirectories(directory);
		}
	}

	/** Creates a new, empty owner-only file; fails if it exists. */
	static Path createFile(Path file) throws IOException {
		return Files.createFile(file, attributes(file));
	}

	/** Makes an existing file owner-only. */
	static void restrict(Path file) throws IOException {
		if (isPosix(file)) {
			Files.setPosixFilePermissions(file, FILE);
		}
	}

	/** Replaces {@code file} with {@code data} in one rename, so a reader (or a crash) never sees half of it. */
	static void writeAtomically(Path file, byte[] data) throws IOException {
		Path temp = file.resolveSibling(file.getFileName() + ".tmp");
		Files.deleteIfExists(temp);
		createFile(temp);
		Files.write(temp, data);
		Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static FileAttribute<?>[] attributes(Path file) {
		return isPosix(file.toAbsolutePath().getParent()) ? new FileAttribute<?>[] {
				PosixFilePermissions.asFileAttribute(FILE) } : new FileAttribute<?>[0];
	}

	private static boolean isPosix(Path path) {
		return path.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

}
