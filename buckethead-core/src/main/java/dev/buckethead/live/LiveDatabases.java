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

}
