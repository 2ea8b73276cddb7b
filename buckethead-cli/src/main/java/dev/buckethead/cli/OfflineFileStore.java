package dev.buckethead.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import dev.buckethead.BucketHeadException;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.encryption.ObjectNames;
import dev.buckethead.files.FileStore;
import dev.buckethead.files.FileStoreOptions;
import dev.buckethead.snapshot.ReferenceSource;
import dev.buckethead.snapshot.SnapshotRepository;
import dev.buckethead.view.ViewContext;
import org.sqlite.SQLiteConfig;

/**
 * The library's own {@link FileStore} while the application is down: over the newest generation of a branch,
 * restored to a temporary file, and the real bucket. So {@code files get} verifies content and {@code files gc}
 * keeps blobs exactly as the running application would, with the branch's last flushed table as the live one and
 * the references of every generation any branch retains.
 */
final class OfflineFileStore implements AutoCloseable {

	private final RestoredDatabase database;

	private final Context context;

	private final FileStore files;

	private OfflineFileStore(RestoredDatabase database, Context context, Duration gcGracePeriod) {
		this.database = database;
		this.context = context;
		this.files = new FileStore(context, FileStoreOptions.defaults().withGcGracePeriod(gcGracePeriod));
	}

	static OfflineFileStore open(Session session, String branch, Duration gcGracePeriod) {
		SnapshotRepository repository = session.repository();
		RestoredDatabase database = RestoredDatabase.latest(repository, branch);
		Context context = null;
		try {
			context = new Context(database, session.snapshots().bucket(), repository);
			return new OfflineFileStore(database, context, gcGracePeriod);
		}
		catch (RuntimeException ex) {
			if (context != null) {
				context.close();
			}
			database.close();
			throw ex;
		}
	}

	FileStore files() {
		return files;
	}

	@Override
	public void close() {
		context.close();
		database.close();
	}

	/** One connection (the tool is single-threaded) to the restored copy, which is thrown away afterwards. */
	private static final class Context implements ViewContext {

		private final Connection connection;

		private final Map<String, PreparedStatement> statements = new HashMap<>();

		private final BucketClient bucket;

		private final SnapshotRepository repository;

		Context(RestoredDatabase database, BucketClient bucket, SnapshotRepository repository) {
			this.bucket = bucket;
			this.repository = repository;
			try {
				this.connection = new SQLiteConfig().createConnection("jdbc:sqlite:" + database.file());
			}
			catch (SQLException ex) {
				throw new BucketHeadException("Cannot open the restored database: " + ex.getMessage(), ex);
			}
		}

		@Override
		public Connection connection() {
			return connection;
		}

		@Override
		public PreparedStatement prepare(String sql) {
			return statements.computeIfAbsent(sql, (key) -> {
				try {
					return connection.prepareStatement(key);
				}
				catch (SQLException ex) {
					throw new BucketHeadException("Cannot prepare '" + key + "': " + ex.getMessage(), ex);
				}
			});
		}

		@Override
		public BucketClient bucket() {
			return bucket;
		}

		@Override
		public ObjectNames objectNames() {
			return repository.layout().names();
		}

		@Override
		public void onDatabaseReplaced(Runnable action) {
			// The restored copy is never replaced.
		}

		@Override
		public void registerReferenceSource(ReferenceSource source) {
			// Nothing is flushed from the restored copy.
		}

		@Override
		public Set<String> retainedReferences(String sourceName) {
			return repository.retained().referencedKeys(sourceName);
		}

		void close() {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// Closing a read-and-discard copy cannot lose anything.
			}
		}

	}

}
