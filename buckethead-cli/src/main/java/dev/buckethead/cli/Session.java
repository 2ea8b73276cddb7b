package dev.buckethead.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.CountingBucketClient;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.bucket.S3BucketClient;
import dev.buckethead.config.BucketHeadSettings;
import dev.buckethead.encryption.KeyProvider;
import dev.buckethead.files.FileStore;
import dev.buckethead.snapshot.SnapshotBucket;
import dev.buckethead.snapshot.SnapshotLayout;
import dev.buckethead.snapshot.SnapshotRepository;
import org.jspecify.annotations.Nullable;

/**
 * One command's view of the bucket: the client (counting bytes, for progress), the snapshot repository on it,
 * and the defaults the library would use (snapshot key, branch, generations kept).
 */
final class Session implements AutoCloseable {

	private static final int DEFAULT_KEEP_GENERATIONS = 10;

	private final CountingBucketClient bucket;

	private final SnapshotBucket snapshots;

	private final SnapshotRepository repository;

	private final String defaultBranch;

	private final @Nullable KeyProvider encryption;

	private Session(BucketClient bucket, BucketHeadSettings settings) {
		this.bucket = new CountingBucketClient(bucket);
		String snapshotKey = settings.snapshotKey().orElse(SnapshotLayout.DEFAULT_SNAPSHOT_KEY);
		int keep = settings.snapshotKeepGenerations().filter((count) -> count > 0).orElse(DEFAULT_KEEP_GENERATIONS);
		// Encrypted or plain as the bucket's marker says; refused when the configured keys do not fit it.
		this.encryption = settings.encryptionKeys().orElse(null);
		this.snapshots = SnapshotBucket.open(this.bucket, snapshotKey, encryption);
		// FileStore's references, so that an imported generation keeps the blobs its table refers to.
		this.repository = new SnapshotRepository(snapshots, keep, List.of(FileStore.referenceSource()));
		this.defaultBranch = settings.snapshotBranch().orElse(SnapshotLayout.DEFAULT_BRANCH);
	}

	static Session open(GlobalOptions options, CliEnvironment environment, Output output) {
		BucketHeadSettings settings = CommandLineSettings.resolve(options, environment, Map.of(), output);
		BucketClient bucket = bucket(options, settings, environment);
		try {
			return new Session(bucket, settings);
		}
		catch (RuntimeException ex) {
			bucket.close();
			throw ex;
		}
	}

	private static BucketClient bucket(GlobalOptions options, BucketHeadSettings settings,
			CliEnvironment environment) {
		Path directory = options.localDirectory;
		if (directory != null) {
			if (!Files.isDirectory(directory)) {
				throw new CommandException("Local bucket directory " + directory + " does not exist");
			}
			return new LocalDirectoryBucketClient(directory);
		}
		if (!settings.hasBucket()) {
			throw new CommandException("No bucket configured: set " + CommandLineSettings.BUCKET_NAME
					+ " (and credentials) in the environment or in " + environment.defaultConfigFile()
					+ ", or pass --bucket or --local-directory");
		}
		return new S3BucketClient(settings.toBucketConfig());
	}

	SnapshotRepository repository() {
		return repository;
	}

	/** The bucket, counting what goes through it (below encryption: what the bucket sees). */
	CountingBucketClient bucket() {
		return bucket;
	}

	/** The bucket as snapshots and FileStore blobs are read and written: decrypting when encrypted. */
	SnapshotBucket snapshots() {
		return snapshots;
	}

	/** The configured encryption keys, or null: what a replica started by a command opens the bucket with. */
	@Nullable KeyProvider encryption() {
		return encryption;
	}

	String describeBucket() {
		return bucket.describe();
	}

	String snapshotKey() {
		return repository.layout().snapshotKey();
	}

	/** The branch the library would use: {@code BUCKETHEAD_SNAPSHOT__BRANCH}, else {@code main}. */
	String defaultBranch() {
		return defaultBranch;
	}

	@Override
	public void close() {
		repository.close();
		bucket.close();
	}

}
