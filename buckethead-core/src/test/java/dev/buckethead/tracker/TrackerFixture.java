package dev.buckethead.tracker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.TestBuckets;

/** Engines on one fresh bucket of the real S3 test server, with the flush timer off. */
final class TrackerFixture {

	private final BucketClient bucket = TestBuckets.newS3Bucket("tracker");

	private final Path liveDirectory;

	TrackerFixture(Path liveDirectory) {
		this.liveDirectory = liveDirectory;
	}

	BucketSQLite start() {
		return start((builder) -> {
		});
	}

	BucketSQLite start(Consumer<BucketSQLite.Builder> customizer) {
		BucketSQLite.Builder builder = BucketSQLite.builder()
			.bucket(bucket)
			.directory(liveDirectory)
			.flushInterval(Duration.ZERO)
			.chunkSize(16 * 1024);
		customizer.accept(builder);
		return builder.build().start();
	}

	static LocalFileTracker tracker(BucketSQLite db) {
		return tracker(db, TrackerOptions.defaults());
	}

	static LocalFileTracker tracker(BucketSQLite db, TrackerOptions options) {
		return new LocalFileTracker(db.viewContext(), db.files(), options);
	}

}
