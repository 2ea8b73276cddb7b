package dev.buckethead.live;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/** Opens the live database of the chosen {@link LiveStorage}. */
public final class LiveDatabases {

	private LiveDatabases() {
	}

	/**
	 * Opens a new live database.
	 * @param initialContent a SQLite file to start from (it is consumed: moved or copied in); null for empty
	 */
	public static LiveDatabase open(LiveDatabaseOptions options, @Nullable Path initialContent) {
		return switch (options.storage()) {
			case FILE -> new FileLiveDatabase(options, initialContent);
			case MEMORY -> new MemoryLiveDatabase(options, initialContent);
		};
	}

	/**
	 * Opens a live database on a file a dead process left (see {@link LeftoverLiveFiles#resolve}): {@code FILE}
	 * storage keeps using it in place, {@code MEMORY} loads it and deletes it once its content is in the bucket.
	 */
	public static LiveDatabase adopt(LiveDatabaseOptions options, LeftoverLiveFiles.Leftover leftover) {
		return switch (options.storage()) {
			case FILE -> new FileLiveDatabase(options, leftover.file());
			case MEMORY -> new MemoryLiveDatabase(options, leftover.file());
		};
	}

}
