package dev.buckethead.engine;

import java.nio.file.Path;
import java.time.Duration;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.BucketConfig;
import dev.buckethead.bucket.BucketException;
import dev.buckethead.bucket.BucketTimeouts;
import dev.buckethead.bucket.CountingBucketClient;
import dev.buckethead.bucket.S3BucketClient;
import dev.buckethead.test.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.buckethead.engine.EngineFixture.count;
import static dev.buckethead.engine.EngineFixture.fill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** On a server of its own, because it stops the server. */
class UnreachableBucketTest {

	@TempDir
	Path temp;

	@Test
	void aFlushToAnUnreachableBucketStopsAtTheFirstFailedChunkAndSucceedsAfterRecovery() throws Exception {
		try (S3TestServer server = S3TestServer.dedicated()) {
			S3BucketClient s3 = new S3BucketClient(BucketConfig.builder()
				.bucket(server.createBucket("unreachable"))
				.endpoint(server.endpoint())
				.region(server.region())
				.credentials(server.accessKey(), server.secretKey())
				.timeouts(BucketTimeouts.defaults().withMaxAttempts(1))
				.build());
			CountingBucketClient bucket = new CountingBucketClient(s3);
			int chunks;
			try (BucketSQLite db = BucketSQLite.builder()
				.bucket(bucket)
				.directory(temp.resolve("live"))
				.flushInterval(Duration.ZERO)
				.chunkSize(16 * 1024)
				.ioThreads(2)
				.build()
				.start()) {
				fill(db.connection(), 400, 1000);
				server.stop();
				bucket.reset();
				assertThatThrownBy(db::forceFlush).isInstanceOf(BucketException.class);
				chunks = (int) Math.ceil(count(db.connection(), "PRAGMA page_count") * 4096 / (16.0 * 1024));
				// At most the uploads already in flight (2 x ioThreads) and a few submitted before the failure was seen.
				assertThat(bucket.counters().puts()).isLessThan(chunks / 2);
				assertThat(db.isDirty()).isTrue();
				server.restart();
				assertThat(db.forceFlush().chunksUploaded()).isEqualTo(chunks);
			}
			try (BucketSQLite db = BucketSQLite.builder().bucket(bucket).directory(temp.resolve("live")).build().start()) {
				assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(400);
			}
			s3.close();
		}
	}

}
