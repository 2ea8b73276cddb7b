package dev.buckethead.bench;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.BucketConfig;
import dev.buckethead.bucket.S3BucketClient;
import dev.buckethead.encryption.KeyRing;
import dev.buckethead.live.LiveStorage;

/**
 * A restore as an application's start-up does it: in a JVM that has run nothing before (interpreted and
 * unoptimised code, as on every deploy). Runs in a child process; prints {@code RESTORE <wall ns> <cpu ns>} (this
 * JVM's CPU over the restore). Credentials come in the environment, never on the command line.
 */
public final class ColdRestore {

	private static final String ACCESS_KEY = "COLD_RESTORE_ACCESS_KEY";

	private static final String SECRET_KEY = "COLD_RESTORE_SECRET_KEY";

	private ColdRestore() {
	}

	/** Restores {@code snapshotKey} of {@code bucket} at {@code endpoint} in a fresh JVM: wall and CPU nanos of the child. */
	static long[] run(S3 s3, S3.Bucket bucket, String snapshotKey, boolean encrypted, Path directory) throws Exception {
		String[] f = ChildJvm.run(List.of("-Xmx2g"), ColdRestore.class,
				List.of(s3.server.endpoint().toString(), s3.server.region(), bucket.name, snapshotKey,
						String.valueOf(encrypted), directory.toString()),
				Map.of(ACCESS_KEY, s3.server.accessKey(), SECRET_KEY, s3.server.secretKey()), "RESTORE");
		return new long[] { Long.parseLong(f[0]), Long.parseLong(f[1]) };
	}

	public static void main(String[] args) throws Exception {
		KeyRing keys = Boolean.parseBoolean(args[4]) ? EncryptionBench.KEYS : null;
		S3BucketClient client = new S3BucketClient(BucketConfig.builder()
			.bucket(args[2])
			.endpoint(URI.create(args[0]))
			.region(args[1])
			.credentials(System.getenv(ACCESS_KEY), System.getenv(SECRET_KEY))
			.pathStyle(true)
			.build());
		long cpu0 = PackBench.cpuNanos();
		long t0 = System.nanoTime();
		try (BucketSQLite db = BucketSQLite.builder()
			.bucket(client)
			.snapshotKey(args[3])
			.encryption(keys)
			.storage(LiveStorage.FILE)
			.directory(Path.of(args[5]))
			.flushInterval(Duration.ZERO)
			.build()
			.start(); Connection c = db.connect(); Statement s = c.createStatement();
				ResultSet r = s.executeQuery("SELECT length(payload) FROM rows WHERE id = 1")) {
			r.next();
			long wall = System.nanoTime() - t0;
			long cpu = PackBench.cpuNanos() - cpu0;
			System.out.println("RESTORE " + wall + " " + cpu);
		}
		System.exit(0);
	}

}
