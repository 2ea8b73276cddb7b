package dev.buckethead.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import dev.buckethead.bench.litestream.Litestream;
import dev.buckethead.bench.litestream.S3Replica;
import dev.buckethead.bench.proxy.CountingProxy;

/**
 * Litestream as a peer: the template copied to a file in WAL mode, written by this JVM through sqlite-jdbc (with
 * Litestream's recommended pragmas: busy_timeout, synchronous=NORMAL, no automatic checkpoints, which Litestream
 * runs itself) while {@code litestream replicate} runs as a child process and uploads through the proxy.
 * {@link #makeDurable()} starts it on first call, then waits until the replica holds every commit.
 */
final class LitestreamPeer implements Peer {

	static final String PATH = "litestream/peer.db";

	private static final Duration DEADLINE = Duration.ofMinutes(10);

	private final Path binary;

	private final S3Replica replica;

	private final Path database;

	private final Path directory;

	private final Duration syncInterval;

	private final CountingProxy proxy;

	private final Connection writer;

	private Litestream litestream;

	private LitestreamPeer(Path binary, S3Replica replica, Path database, Path directory, Duration syncInterval,
			CountingProxy proxy, Connection writer) {
		this.binary = binary;
		this.replica = replica;
		this.database = database;
		this.directory = directory;
		this.syncInterval = syncInterval;
		this.proxy = proxy;
		this.writer = writer;
	}

	static LitestreamPeer start(Path binary, S3 s3, S3.Bucket bucket, Path template, Path directory,
			Duration syncInterval) throws Exception {
		Files.createDirectories(directory);
		Path database = directory.resolve("peer.db");
		Files.copy(template, database);
		Connection writer = DriverManager.getConnection("jdbc:sqlite:" + database);
		try (Statement s = writer.createStatement()) {
			s.execute("PRAGMA journal_mode=WAL");
			s.execute("PRAGMA busy_timeout=5000");
			s.execute("PRAGMA synchronous=NORMAL");
			s.execute("PRAGMA wal_autocheckpoint=0");
		}
		CountingProxy proxy = CountingProxy.start("litestream", s3.server.endpoint());
		S3Replica replica = new S3Replica(proxy.endpoint(), s3.server.region(), bucket.name, PATH,
				s3.server.accessKey(), s3.server.secretKey());
		return new LitestreamPeer(binary, replica, database, directory, syncInterval, proxy, writer);
	}

	@Override
	public String name() {
		return "Litestream";
	}

	@Override
	public CountingProxy proxy() {
		return proxy;
	}

	@Override
	public Connection writer() {
		return writer;
	}

	@Override
	public void makeDurable() throws Exception {
		if (litestream == null) {
			litestream = Litestream.replicate(binary, database, replica, syncInterval, directory.resolve("litestream"));
		}
		litestream.awaitReplicated(DEADLINE);
	}

	/** Nothing: a restore needs every WAL segment since the snapshot, and Litestream's retention is 24 h. */
	@Override
	public void tidy() {
	}

	@Override
	public void uploadEvery(Duration interval) throws Exception {
		if (!interval.equals(syncInterval)) {
			throw new IllegalArgumentException("Litestream was started with sync-interval " + syncInterval
					+ "; a trickle at " + interval + " needs its own run (-Dbench.peer.interval)");
		}
		makeDurable();
	}

	@Override
	public Restored restore(Path dir) throws Exception {
		Files.createDirectories(dir);
		Path output = dir.resolve("litestream-restore-" + System.nanoTime() + ".db");
		try {
			long nanos = litestream.restore(output, DEADLINE);
			try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + output)) {
				return new Restored(nanos, Peer.fingerprint(c));
			}
		}
		finally {
			for (String suffix : new String[] { "", "-wal", "-shm" }) {
				Files.deleteIfExists(Path.of(output + suffix));
			}
		}
	}

	@Override
	public String restoreChecks() {
		return "WAL frame checksums while applying (no integrity or quick check)";
	}

	@Override
	public void close() throws Exception {
		try {
			writer.close();
			if (litestream != null) {
				litestream.close();
			}
		}
		finally {
			proxy.close();
		}
	}

}
