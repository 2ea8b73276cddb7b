package dev.buckethead.files;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the {@link FileStore} records about a file (a row of its {@code filestore} table).
 *
 * @param key the file's key, {@code bh-} and the SHA-256 of its content
 * @param size its length in bytes
 * @param contentType the media type given when it was put, if any
 * @param name the original file name, if known
 * @param createdAt when this content was first put
 */
public record FileInfo(String key, long size, @Nullable String contentType, @Nullable String name,
		Instant createdAt) {
}
