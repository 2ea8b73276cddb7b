package dev.buckethead.files;

import dev.buckethead.CallerError;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * A local path given to the {@link FileStore} cannot be used: none was given, a source file does not exist, or
 * the path names a directory where a file is needed.
 */
public class InvalidFilePathException extends FileStoreException implements CallerError {

	private final @Nullable Path path;

	public InvalidFilePathException(@Nullable Path path, String reason) {
		super("Cannot use " + (path != null ? path.toString() : "a null path") + ": " + reason);
		this.path = path;
	}

	public @Nullable Path path() {
		return path;
	}

}
