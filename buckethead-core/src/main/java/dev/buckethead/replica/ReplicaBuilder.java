package dev.buckethead.replica;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.files.FileStoreOptions;
import dev.buckethead.kv.KvOptions;
import dev.buckethead.snapshot.SnapshotEngine;
import tools.jackson.databind.json.JsonMapper;

/**
 * Configures a {@link BucketReplica}; made by {@link BucketSQLite.Builder#replicaOf(String)}, which hands over
 * the engine's settings (bucket, snapshot key, directory, ...) as {@link Engine}. The writer's builder is kept
 * for {@link BucketReplica#promote()}.
 */
public final class ReplicaBuilder {

	/**
	 * The engine settings a replica shares with a writer of the same branch.
	 * @param snapshots what the snapshot engine is built from: the snapshot key, the encryption keys, the busy
	 * timeout and the clock among them
	 */
	public record Engine(BucketClient bucket, boolean ownsBucket, SnapshotEngine.Settings snapshots, String branch,
			Path directory, KvOptions kvOptions, JsonMapper jsonMapper, FileStoreOptions fileStoreOptions) {

		/** How long an apply waits for the replica's readers. */
		public Duration busyTimeout() {
			return java.util.Objects.requireNonNull(snapshots.engine().busyTimeout(), "busyTimeout");
		}

		public Clock clock() {
			return snapshots.clock();
		}

	}

	private final BucketSQLite.Builder writer;

	private final Engine engine;

	private ReplicaSettings settings = ReplicaSettings.DEFAULTS;

	private final List<ReplicaListener> listeners = new ArrayList<>();

	private @org.jspecify.annotations.Nullable Path file;

	/** Use {@link BucketSQLite.Builder#replicaOf(String)}. */
	public ReplicaBuilder(BucketSQLite.Builder writer, Engine engine) {
		this.writer = writer;
		this.engine = engine;
	}

	/** Time between polls (one request each); zero: no timer, {@link BucketReplica#pollNow()} only. Default 1 s. */
	public ReplicaBuilder pollInterval(Duration pollInterval) {
		this.settings = settings.withPollInterval(pollInterval);
		return this;
	}

	/** The lag above which {@link ReplicaStatus#healthy()} is false. Default 30 s. */
	public ReplicaBuilder maxLag(Duration maxLag) {
		this.settings = settings.withMaxLag(maxLag);
		return this;
	}

	/** All replica settings at once. */
	public ReplicaBuilder settings(ReplicaSettings settings) {
		this.settings = java.util.Objects.requireNonNull(settings, "settings");
		return this;
	}

	/**
	 * Keeps the replica's database at {@code file} (replaced at start, left in place at close) instead of a
	 * private file in the live directory, for other processes (sqlite3, analytics tools) to open read-only: the
	 * applies take SQLite's own locks, which hold across processes.
	 */
	public ReplicaBuilder file(Path file) {
		this.file = java.util.Objects.requireNonNull(file, "file");
		return this;
	}

	public ReplicaBuilder listener(ReplicaListener listener) {
		listeners.add(listener);
		return this;
	}

	/** A replica, not started. */
	public BucketReplica build() {
		writer.build(); // validates the engine settings shared with a writer, listing every problem
		return new BucketReplica(engine, settings, listeners, writer, file);
	}

}
