package dev.buckethead.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.buckethead.bucket.ChecksumMode;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.replica.ReplicaSettings;
import dev.buckethead.snapshot.ChainLimits;
import dev.buckethead.snapshot.OnMissingHead;
import dev.buckethead.snapshot.SnapshotLayout;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of BucketHead under {@code buckethead.*}. Every value is checked when the context starts, and all
 * problems are reported together, each naming its property (see {@link BucketHeadPropertiesValidator}).
 * <p>
 * The properties validate themselves (Spring Boot calls {@link #validate} on a bound object that is a
 * {@link Validator}), so no Bean Validation provider is needed on the classpath.
 */
@ConfigurationProperties("buckethead")
public class BucketHeadProperties implements Validator {

	/**
	 * Whether to auto-configure BucketHead. Set to false to leave the database, data source and bucket entirely
	 * to the application.
	 */
	private boolean enabled = true;

	/**
	 * Whether this process writes its branch ('writer', one process per branch) or follows it read-only from the
	 * bucket ('replica', any number of processes; see docs/replicas.md).
	 */
	private Mode mode = Mode.WRITER;

	private final Replica replica = new Replica();

	private final Bucket bucket = new Bucket();

	private final Snapshot snapshot = new Snapshot();

	private final Database database = new Database();

	private final Datasource datasource = new Datasource();

	private final Kv kv = new Kv();

	private final Files files = new Files();

	private final Shares shares = new Shares();

	private final Tracker tracker = new Tracker();

	private final Gc gc = new Gc();

	private final Health health = new Health();

	private final Profiling profiling = new Profiling();

	private final Encryption encryption = new Encryption();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Mode getMode() {
		return this.mode;
	}

	public void setMode(Mode mode) {
		this.mode = mode;
	}

	public Replica getReplica() {
		return this.replica;
	}

	public Bucket getBucket() {
		return this.bucket;
	}

	public Snapshot getSnapshot() {
		return this.snapshot;
	}

	public Database getDatabase() {
		return this.database;
	}

	public Datasource getDatasource() {
		return this.datasource;
	}

	public Kv getKv() {
		return this.kv;
	}

	public Files getFiles() {
		return this.files;
	}

	public Shares getShares() {
		return this.shares;
	}

	public Tracker getTracker() {
		return this.tracker;
	}

	public Gc getGc() {
		return this.gc;
	}

	public Health getHealth() {
		return this.health;
	}

	public Profiling getProfiling() {
		return this.profiling;
	}

	public Encryption getEncryption() {
		return this.encryption;
	}

	/**
	 * A blank value means unset, as in the original library: exporting {@code BUCKETHEAD_BUCKET__NAME=} must not
	 * select an S3 bucket without a name.
	 */
	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	@Override
	public boolean supports(Class<?> type) {
		return BucketHeadProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		BucketHeadPropertiesValidator.validate((BucketHeadProperties) target, errors);
	}

	/** What this process does with its branch. */
	public enum Mode {

		/** Restores the branch, takes writes and flushes them: one process per branch. */
		WRITER,

		/** Restores the branch and follows it read-only, applying the writer's flushes as they land. */
		REPLICA

	}

	/** How a replica ('buckethead.mode=replica') follows its branch. */
	public static class Replica {

		/** Time between two polls of the bucket; each costs one small request (a 404 or 304 when idle). */
		private Duration pollInterval = ReplicaSettings.DEFAULT_POLL_INTERVAL;

		/** Lag behind the bucket above which the health is DOWN. */
		private Duration maxLag = ReplicaSettings.DEFAULT_MAX_LAG;

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public Duration getMaxLag() {
			return this.maxLag;
		}

		public void setMaxLag(Duration maxLag) {
			this.maxLag = maxLag;
		}

	}

	/** Where snapshots are stored. Credentials set here are never logged nor shown in error messages. */
	public static class Bucket {

		/**
		 * Name of the S3-compatible bucket to snapshot to. When unset, snapshots go to the local directory
		 * 'buckethead.bucket.local-directory' instead, which is only fit for development.
		 */
		private @Nullable String name;

		/**
		 * S3 endpoint URL, such as 'http://localhost:9000' for MinIO. Unset means AWS S3 in the configured region,
		 * or Cloudflare R2 when 'cloudflare-account-id' is set.
		 */
		private @Nullable URI endpoint;

		/** Region of the bucket. Defaults to 'us-east-1', or 'auto' for Cloudflare R2. */
		private @Nullable String region;

		/**
		 * Access key id. Unset means the AWS SDK's default credentials chain, or the application's own S3Client
		 * (such as Spring Cloud AWS's) when it has one and no endpoint is set here.
		 */
		private @Nullable String accessKeyId;

		/** Secret access key, required with 'access-key-id'. */
		private @Nullable String secretAccessKey;

		/**
		 * Cloudflare account id: sets the endpoint to the account's R2 S3 API and the region to 'auto'. Do not
		 * combine with 'endpoint'.
		 */
		private @Nullable String cloudflareAccountId;

		/** Whether to address the bucket in the URL path rather than as a host name. R2 and MinIO need it. */
		private boolean pathStyle = true;

		/**
		 * When the AWS SDK adds checksums to requests. 'when-required' works with AWS S3, R2, MinIO and S3Proxy;
		 * 'when-supported' only with AWS S3.
		 */
		private ChecksumMode checksumMode = ChecksumMode.WHEN_REQUIRED;

		/**
		 * Attempts per bucket request, including the first; retries back off briefly on 5xx, throttling and
		 * timeouts, all within 'call-timeout'.
		 */
		private int maxAttempts = 5;

		/** Time limit for opening a connection to the bucket; never more than 'attempt-timeout'. */
		private Duration connectTimeout = Duration.ofSeconds(3);

		/**
		 * Longest silence while waiting for the bucket's bytes (the HTTP client's socket timeout); never more than
		 * 'attempt-timeout'.
		 */
		private Duration readTimeout = Duration.ofSeconds(5);

		/**
		 * Time limit for one attempt of one bucket request, retried while attempts and call time are left. Uploads
		 * get one second more per MB they send.
		 */
		private Duration attemptTimeout = Duration.ofSeconds(5);

		/**
		 * Time limit for one bucket request with all its attempts and backoffs: the longest anything waits for the
		 * bucket. The default fits a 30s Kubernetes grace period. With the application's own S3Client (Spring Cloud
		 * AWS), the attempt and call limits are set on each request; connect and read timeouts and retries stay
		 * that client's.
		 */
		private Duration callTimeout = Duration.ofSeconds(15);

		/** Files at least this large are uploaded to the bucket in parts. At least 5MB, the S3 minimum part. */
		private DataSize multipartThreshold = DataSize.ofMegabytes(16);

		/**
		 * Directory that stands in for a bucket when 'name' is unset: for development, tests and the sample app.
		 * Relative paths resolve against the working directory, so each project keeps its own snapshots (add
		 * '.buckethead/' to .gitignore) and two applications never share a snapshot key by accident.
		 */
		private Path localDirectory = Path.of(".buckethead", "bucket");

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = blankToNull(name);
		}

		public @Nullable URI getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable URI endpoint) {
			this.endpoint = endpoint;
		}

		public @Nullable String getRegion() {
			return this.region;
		}

		public void setRegion(@Nullable String region) {
			this.region = blankToNull(region);
		}

		public @Nullable String getAccessKeyId() {
			return this.accessKeyId;
		}

		public void setAccessKeyId(@Nullable String accessKeyId) {
			this.accessKeyId = blankToNull(accessKeyId);
		}

		public @Nullable String getSecretAccessKey() {
			return this.secretAccessKey;
		}

		public void setSecretAccessKey(@Nullable String secretAccessKey) {
			this.secretAccessKey = blankToNull(secretAccessKey);
		}

		public @Nullable String getCloudflareAccountId() {
			return this.cloudflareAccountId;
		}

		public void setCloudflareAccountId(@Nullable String cloudflareAccountId) {
			this.cloudflareAccountId = blankToNull(cloudflareAccountId);
		}

		public boolean isPathStyle() {
			return this.pathStyle;
		}

		public void setPathStyle(boolean pathStyle) {
			this.pathStyle = pathStyle;
		}

		public ChecksumMode getChecksumMode() {
			return this.checksumMode;
		}

		public void setChecksumMode(ChecksumMode checksumMode) {
			this.checksumMode = checksumMode;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public Duration getAttemptTimeout() {
			return this.attemptTimeout;
		}

		public void setAttemptTimeout(Duration attemptTimeout) {
			this.attemptTimeout = attemptTimeout;
		}

		public Duration getCallTimeout() {
			return this.callTimeout;
		}

		public void setCallTimeout(Duration callTimeout) {
			this.callTimeout = callTimeout;
		}

		public DataSize getMultipartThreshold() {
			return this.multipartThreshold;
		}

		public void setMultipartThreshold(DataSize multipartThreshold) {
			this.multipartThreshold = multipartThreshold;
		}

		public Path getLocalDirectory() {
			return this.localDirectory;
		}

		public void setLocalDirectory(Path localDirectory) {
			this.localDirectory = localDirectory;
		}

		@Override
		public String toString() {
			// Spelled out so that credentials can never reach a log through a debugger or a careless log line.
			return "Bucket[name=" + this.name + ", endpoint=" + this.endpoint + ", region=" + this.region
					+ ", credentials=" + ((this.accessKeyId != null) ? "static (redacted)" : "default") + "]";
		}

	}

	/** What is snapshotted, how often, and which generation is restored at start-up. */
	public static class Snapshot {

		/** Object key of the snapshot in the bucket; the incremental layout lives under '<key>.bh/'. */
		private String key = SnapshotLayout.DEFAULT_SNAPSHOT_KEY;

		/** Branch to restore at start-up and write to. */
		private String branch = SnapshotLayout.DEFAULT_BRANCH;

		/**
		 * How often a flush starts when the database changed, counted from one flush's start to the next (a tick
		 * that finds the previous flush still running is skipped). A hard crash loses at most the writes of one
		 * interval plus one flush's duration; zero turns the timer off (flushes then happen on demand and at
		 * shutdown only).
		 */
		private Duration interval = Duration.ofSeconds(10);

		/**
		 * Bases kept per branch whatever their age, for restoring an earlier state with 'restore-as-of' (with the
		 * points 'retention' keeps).
		 */
		private int keepGenerations = 10;

		/**
		 * Whether a flush of file storage uploads only the changed pages (one object for a small change) between
		 * whole-image bases, instead of every changed chunk. Memory storage always uploads changed chunks. Replicas
		 * follow deltas cheaply: without them each flush is a base they download the changed chunks of.
		 */
		private boolean pageDeltas = true;

		/**
		 * Whether to restore the newest sound generation, instead of failing, when the latest is damaged or the head
		 * is unreadable (the head is then written again at that generation).
		 */
		private boolean fallbackToPreviousGeneration;

		/**
		 * What a start does when the branch has no head but the bucket holds manifests of it: 'fail' refuses to start,
		 * naming the newest one; 'recover-newest' starts from the newest one that verifies and writes the head again.
		 * A branch the bucket holds nothing of always starts empty.
		 */
		private OnMissingHead onMissingHead = OnMissingHead.FAIL;

		/**
		 * Restore the newest generation created at or before this instant (ISO-8601, such as
		 * '2026-11-21T23:51:41Z') instead of the latest. The next flush makes it the latest.
		 */
		private @Nullable Instant restoreAsOf;

		/** Restore this generation id instead of the latest. Do not combine with 'restore-as-of'. */
		private @Nullable String restoreGeneration;

		private final Retention retention = new Retention();

		private final Chain chain = new Chain();

		/** Size of the chunks a snapshot is cut into: a power of two from 4KB to 64MB. Only changed chunks upload. */
		private DataSize chunkSize = DataSize.ofMegabytes(1);

		/** zstd compression level of chunks, from 1 (fastest) to 19 (smallest). */
		private int compressionLevel = 1;

		/** Parallel chunk uploads and downloads. */
		private int ioThreads = 8;

		public String getKey() {
			return this.key;
		}

		public void setKey(String key) {
			this.key = key;
		}

		public String getBranch() {
			return this.branch;
		}

		public void setBranch(String branch) {
			this.branch = branch;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getKeepGenerations() {
			return this.keepGenerations;
		}

		public void setKeepGenerations(int keepGenerations) {
			this.keepGenerations = keepGenerations;
		}

		public boolean isPageDeltas() {
			return this.pageDeltas;
		}

		public void setPageDeltas(boolean pageDeltas) {
			this.pageDeltas = pageDeltas;
		}

		public boolean isFallbackToPreviousGeneration() {
			return this.fallbackToPreviousGeneration;
		}

		public void setFallbackToPreviousGeneration(boolean fallbackToPreviousGeneration) {
			this.fallbackToPreviousGeneration = fallbackToPreviousGeneration;
		}

		public OnMissingHead getOnMissingHead() {
			return this.onMissingHead;
		}

		public void setOnMissingHead(OnMissingHead onMissingHead) {
			this.onMissingHead = onMissingHead;
		}

		public @Nullable Instant getRestoreAsOf() {
			return this.restoreAsOf;
		}

		public void setRestoreAsOf(@Nullable Instant restoreAsOf) {
			this.restoreAsOf = restoreAsOf;
		}

		public @Nullable String getRestoreGeneration() {
			return this.restoreGeneration;
		}

		public void setRestoreGeneration(@Nullable String restoreGeneration) {
			this.restoreGeneration = blankToNull(restoreGeneration);
		}

		public DataSize getChunkSize() {
			return this.chunkSize;
		}

		public void setChunkSize(DataSize chunkSize) {
			this.chunkSize = chunkSize;
		}

		public int getCompressionLevel() {
			return this.compressionLevel;
		}

		public void setCompressionLevel(int compressionLevel) {
			this.compressionLevel = compressionLevel;
		}

		public int getIoThreads() {
			return this.ioThreads;
		}

		public void setIoThreads(int ioThreads) {
			this.ioThreads = ioThreads;
		}

		public Retention getRetention() {
			return this.retention;
		}

		public Chain getChain() {
			return this.chain;
		}

	}

	/**
	 * How long a chain of page deltas grows before a flush writes a whole base instead, and how far the head may lag
	 * the chain's tip (with 'page-deltas'). A restore reads the base and every delta after it, so a longer chain
	 * costs restore time and a shorter one costs bytes per hour under a sustained trickle of writes.
	 */
	public static class Chain {

		/**
		 * Delta steps since the base after which the next flush writes a base. A backstop on the number of GETs a
		 * restore makes (18000 is 5 hours at a 1s interval); the bytes ratio usually ends a chain first.
		 */
		private int maxSteps = ChainLimits.DEFAULT_MAX_STEPS;

		/**
		 * Bytes of the chain's deltas, as a fraction of the base's database size, after which the next flush writes
		 * a base. The trade-off between bytes per hour and restore time: at 0.75 a 1s trickle of scattered writes
		 * costs fewer bytes an hour than Litestream, but a restore after heavy changes reads up to about 1.75-2 times
		 * the base; a lower ratio such as 0.25 restores faster and uploads more bytes an hour under a trickle.
		 */
		private double maxBytesRatio = ChainLimits.DEFAULT_MAX_BYTES_RATIO;

		/**
		 * Steps the head may lag the chain's tip before a flush rewrites it. A lower value costs more head writes an
		 * hour; a higher one makes a start or a replica walk more steps past the head.
		 */
		private int headLagSteps = ChainLimits.DEFAULT_HEAD_LAG_STEPS;

		/** How long the head may lag the chain's tip before a flush rewrites it: the same bound in time. */
		private Duration headLagTime = ChainLimits.DEFAULT_HEAD_LAG_TIME;

		public int getMaxSteps() {
			return this.maxSteps;
		}

		public void setMaxSteps(int maxSteps) {
			this.maxSteps = maxSteps;
		}

		public double getMaxBytesRatio() {
			return this.maxBytesRatio;
		}

		public void setMaxBytesRatio(double maxBytesRatio) {
			this.maxBytesRatio = maxBytesRatio;
		}

		public int getHeadLagSteps() {
			return this.headLagSteps;
		}

		public void setHeadLagSteps(int headLagSteps) {
			this.headLagSteps = headLagSteps;
		}

		public Duration getHeadLagTime() {
			return this.headLagTime;
		}

		public void setHeadLagTime(Duration headLagTime) {
			this.headLagTime = headLagTime;
		}

	}

	/**
	 * Which points (flushes) stay restorable with 'restore-as-of' as they age, on top of the newest
	 * 'keep-generations' bases (the two combine: a point either keeps is kept). Left unset, all three follow the
	 * storage mode: 1h, 24h and 7d with page deltas (every point is a small delta), off without them (every point
	 * would be a whole base, so only 'keep-generations' applies). Setting any of them turns retention by time on,
	 * with the others at those defaults; zero turns one window off.
	 */
	public static class Retention {

		/** How long every point (every flush) stays restorable. Default 1h when retention by time is on. */
		private @Nullable Duration everyPointFor;

		/** How long one point an hour (the newest base of each UTC hour) stays restorable. Default 24h when on. */
		private @Nullable Duration hourlyFor;

		/** How long one point a day (the newest base of each UTC day) stays restorable. Default 7d when on. */
		private @Nullable Duration dailyFor;

		public @Nullable Duration getEveryPointFor() {
			return this.everyPointFor;
		}

		public void setEveryPointFor(@Nullable Duration everyPointFor) {
			this.everyPointFor = everyPointFor;
		}

		public @Nullable Duration getHourlyFor() {
			return this.hourlyFor;
		}

		public void setHourlyFor(@Nullable Duration hourlyFor) {
			this.hourlyFor = hourlyFor;
		}

		public @Nullable Duration getDailyFor() {
			return this.dailyFor;
		}

		public void setDailyFor(@Nullable Duration dailyFor) {
			this.dailyFor = dailyFor;
		}

		/** Whether any window was set (retention by time on), else the storage mode decides. */
		boolean isSet() {
			return this.everyPointFor != null || this.hourlyFor != null || this.dailyFor != null;
		}

	}

	/** The live SQLite database between snapshots. */
	public static class Database {

		/**
		 * Where the live database lives: 'file' (a WAL-mode file in a RAM-backed directory; readers run
		 * concurrently, snapshots barely stall writers) or 'memory' (SQLite's memdb; capped at 1GB, snapshots
		 * block writers).
		 */
		private LiveStorage storage = LiveStorage.FILE;

		/**
		 * Directory of the live database file and scratch files. Defaults to '/dev/shm/buckethead' where it
		 * exists, otherwise 'buckethead' in the JVM's temporary directory.
		 */
		private @Nullable Path directory;

		/** How long a connection waits for another's write lock before failing with "database is locked". */
		private Duration busyTimeout = Duration.ofSeconds(10);

		/**
		 * How many live files a start did not adopt (left by a process that died while another writer moved the
		 * branch on, failing quick_check, or of another branch) to keep in the directory's 'set-aside' folder for
		 * 'buckethead import'. The oldest beyond this are deleted, each logged.
		 */
		private int keepSetAsideFiles = 5;

		public LiveStorage getStorage() {
			return this.storage;
		}

		public void setStorage(LiveStorage storage) {
			this.storage = storage;
		}

		public @Nullable Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(@Nullable Path directory) {
			this.directory = directory;
		}

		public Duration getBusyTimeout() {
			return this.busyTimeout;
		}

		public void setBusyTimeout(Duration busyTimeout) {
			this.busyTimeout = busyTimeout;
		}

		public int getKeepSetAsideFiles() {
			return this.keepSetAsideFiles;
		}

		public void setKeepSetAsideFiles(int keepSetAsideFiles) {
			this.keepSetAsideFiles = keepSetAsideFiles;
		}

	}

	/** The pooled DataSource over the live database. Tune the pool with 'spring.datasource.hikari.*'. */
	public static class Datasource {

		/**
		 * Whether to expose the live database as the application's DataSource, so that JdbcTemplate, Flyway,
		 * Spring Data JDBC and @Transactional use it. Turn off to keep another database as the DataSource.
		 */
		private boolean enabled = true;

		/**
		 * Whether the live database is the application's DataSource: 'auto' (unless spring.datasource.url is
		 * set or the application defines a DataSource bean; BucketHead then keeps its database for its views
		 * and says so at INFO), 'primary' (even with spring.datasource.url set) or 'views-only' (never).
		 */
		private DataSourceMode mode = DataSourceMode.AUTO;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DataSourceMode getMode() {
			return this.mode;
		}

		public void setMode(DataSourceMode mode) {
			this.mode = mode;
		}

	}

	/** The key-value view (the KvStore bean). */
	public static class Kv {

		/**
		 * Longest key, in bytes of UTF-8, that the key-value store accepts for writing. Keys are held in the
		 * table's index and copied into every snapshot; reads and deletes take longer keys written before.
		 */
		private DataSize maxKeySize = DataSize.ofKilobytes(1);

		/**
		 * Largest value the key-value store accepts. Values live inline in the database and are copied into
		 * every snapshot; large blobs belong in the file store.
		 */
		private DataSize maxValueSize = DataSize.ofMegabytes(1);

		public DataSize getMaxKeySize() {
			return this.maxKeySize;
		}

		public void setMaxKeySize(DataSize maxKeySize) {
			this.maxKeySize = maxKeySize;
		}

		public DataSize getMaxValueSize() {
			return this.maxValueSize;
		}

		public void setMaxValueSize(DataSize maxValueSize) {
			this.maxValueSize = maxValueSize;
		}

	}

	/** The file view (the FileStore bean): content-addressed blobs in the bucket, metadata in the database. */
	public static class Files {

		/**
		 * Prefix of the blobs' object keys in the bucket. Garbage collection only ever looks under it. The
		 * default is the original library's layout.
		 */
		private String objectPrefix = "files/";

		/**
		 * How old an unreferenced blob must be before garbage collection deletes it; protects uploads not yet
		 * recorded. Make it longer than the slowest upload.
		 */
		private Duration gcGracePeriod = Duration.ofHours(1);

		public String getObjectPrefix() {
			return this.objectPrefix;
		}

		public void setObjectPrefix(String objectPrefix) {
			this.objectPrefix = objectPrefix;
		}

		public Duration getGcGracePeriod() {
			return this.gcGracePeriod;
		}

		public void setGcGracePeriod(Duration gcGracePeriod) {
			this.gcGracePeriod = gcGracePeriod;
		}

	}

	/**
	 * The share bucket (the Shares bean): a bucket apart from the database's, holding copies of the files that are
	 * shared, so that a link never exposes the database's bucket. Sharing is on only when 'bucket' is set; what
	 * is left unset here is taken from 'buckethead.bucket.*'. Credentials set here are never logged nor shown in
	 * error messages.
	 */
	public static class Shares {

		/**
		 * Name of the share bucket. Setting it turns sharing on (the Shares bean); unset, sharing a file fails with
		 * a message saying how to configure it. Provision one with 'buckethead provision share-bucket'.
		 */
		private @Nullable String bucket;

		/**
		 * S3 endpoint URL of the share bucket. Defaults to the database bucket's endpoint (also the R2 endpoint
		 * from 'buckethead.bucket.cloudflare-account-id'), or AWS S3.
		 */
		private @Nullable URI endpoint;

		/** Region of the share bucket. Defaults to the database bucket's region. */
		private @Nullable String region;

		/**
		 * Access key id for the share bucket. Unset (together with 'secret-access-key') means the database
		 * bucket's credentials, or the AWS SDK's default credentials chain when that has none.
		 */
		private @Nullable String accessKeyId;

		/** Secret access key for the share bucket, required with 'access-key-id'. */
		private @Nullable String secretAccessKey;

		/** Whether to address the share bucket in the URL path. Defaults to the database bucket's addressing. */
		private @Nullable Boolean pathStyle;

		/**
		 * URL under which a public-read share bucket serves its objects, such as 'https://pub-1234.r2.dev'. Links
		 * are then this URL and the object key, and work until unshared. Unset means presigned links that expire.
		 */
		private @Nullable String publicBaseUrl;

		/** How long a presigned link lives when no lifetime is asked for: at least 1s, at most 7 days (S3's limit). */
		private Duration defaultLifetime = Duration.ofHours(1);

		public @Nullable String getBucket() {
			return this.bucket;
		}

		public void setBucket(@Nullable String bucket) {
			this.bucket = blankToNull(bucket);
		}

		public @Nullable URI getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable URI endpoint) {
			this.endpoint = endpoint;
		}

		public @Nullable String getRegion() {
			return this.region;
		}

		public void setRegion(@Nullable String region) {
			this.region = blankToNull(region);
		}

		public @Nullable String getAccessKeyId() {
			return this.accessKeyId;
		}

		public void setAccessKeyId(@Nullable String accessKeyId) {
			this.accessKeyId = blankToNull(accessKeyId);
		}

		public @Nullable String getSecretAccessKey() {
			return this.secretAccessKey;
		}

		public void setSecretAccessKey(@Nullable String secretAccessKey) {
			this.secretAccessKey = blankToNull(secretAccessKey);
		}

		public @Nullable Boolean getPathStyle() {
			return this.pathStyle;
		}

		public void setPathStyle(@Nullable Boolean pathStyle) {
			this.pathStyle = pathStyle;
		}

		public @Nullable String getPublicBaseUrl() {
			return this.publicBaseUrl;
		}

		public void setPublicBaseUrl(@Nullable String publicBaseUrl) {
			this.publicBaseUrl = blankToNull(publicBaseUrl);
		}

		public Duration getDefaultLifetime() {
			return this.defaultLifetime;
		}

		public void setDefaultLifetime(Duration defaultLifetime) {
			this.defaultLifetime = defaultLifetime;
		}

		@Override
		public String toString() {
			// Spelled out so that credentials can never reach a log.
			return "Shares[bucket=" + this.bucket + ", endpoint=" + this.endpoint + ", region=" + this.region
					+ ", credentials=" + ((this.accessKeyId != null) ? "static (redacted)" : "default")
					+ ", publicBaseUrl=" + this.publicBaseUrl + "]";
		}

	}

	/**
	 * The local file tracker (the LocalFileTracker bean): files on this machine versioned in the file store.
	 * 'paths' are tracked when the application starts and synced every 'sync-interval' on a BucketHead thread of
	 * their own.
	 */
	public static class Tracker {

		/**
		 * Files and directories to track when the application starts (directories recursively). Relative paths
		 * resolve against the working directory. Removing a path here does not untrack it: call
		 * LocalFileTracker.untrack; its history is kept either way.
		 */
		private List<Path> paths = new ArrayList<>();

		/**
		 * Globs selecting the files tracked under the directories in 'paths' (Java glob syntax): one without '/'
		 * matches a name at any depth ('*.json'), one with '/' the path relative to the directory ('k8s/*.yaml').
		 * Empty means every file.
		 */
		private List<String> include = new ArrayList<>();

		/** Globs of files and directories not to track under the directories in 'paths' ('*.tmp', '.git'). */
		private List<String> exclude = new ArrayList<>();

		/**
		 * Whether a file whose size and modification time are those of its last sync is taken as unchanged
		 * without reading it. Turn off to hash every file at every sync (catches edits that keep both).
		 */
		private boolean trustModificationTime = true;

		/**
		 * How often to sync the tracked files: record a new version of every file whose content changed. Unset or
		 * zero means no scheduled sync (call LocalFileTracker.sync yourself).
		 */
		private @Nullable Duration syncInterval;

		public List<Path> getPaths() {
			return this.paths;
		}

		public void setPaths(List<Path> paths) {
			this.paths = paths;
		}

		public List<String> getInclude() {
			return this.include;
		}

		public void setInclude(List<String> include) {
			this.include = include;
		}

		public List<String> getExclude() {
			return this.exclude;
		}

		public void setExclude(List<String> exclude) {
			this.exclude = exclude;
		}

		public boolean isTrustModificationTime() {
			return this.trustModificationTime;
		}

		public void setTrustModificationTime(boolean trustModificationTime) {
			this.trustModificationTime = trustModificationTime;
		}

		public @Nullable Duration getSyncInterval() {
			return this.syncInterval;
		}

		public void setSyncInterval(@Nullable Duration syncInterval) {
			this.syncInterval = syncInterval;
		}

		/** Whether a scheduled sync is asked for. */
		boolean isScheduled() {
			return this.syncInterval != null && !this.syncInterval.isZero() && !this.syncInterval.isNegative();
		}

	}

	/**
	 * Scheduled garbage collection of the bucket: snapshot objects (manifests beyond every branch's retained
	 * generations, and the chunks only they used) and file store blobs nothing references any more. Runs on a
	 * BucketHead thread of its own, never twice at once.
	 */
	public static class Gc {

		/**
		 * How often to collect garbage. The first collection runs after this interval or 10 minutes, whichever is
		 * shorter, so that applications restarted often still collect. Zero turns scheduled collection off.
		 */
		private Duration interval = Duration.ofHours(6);

		/**
		 * How old an unreferenced snapshot object must be before it is deleted; protects a flush still uploading
		 * (here or in another process). File store blobs use 'buckethead.files.gc-grace-period'.
		 */
		private Duration gracePeriod = Duration.ofHours(1);

		/** Whether to collect file store blobs too, not only snapshot objects. */
		private boolean files = true;

		/**
		 * Whether to also delete the manifests no head retains because the head of their branch is missing or
		 * unreadable, with the chunks and file blobs only they use. Off: they are kept and reported at WARN, since
		 * they may be all that is left of a branch.
		 */
		private boolean deleteHeadless;

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(Duration gracePeriod) {
			this.gracePeriod = gracePeriod;
		}

		public boolean isFiles() {
			return this.files;
		}

		public void setFiles(boolean files) {
			this.files = files;
		}

		public boolean isDeleteHeadless() {
			return this.deleteHeadless;
		}

		public void setDeleteHeadless(boolean deleteHeadless) {
			this.deleteHeadless = deleteHeadless;
		}

	}

	/**
	 * The 'buckethead' health indicator (with Spring Boot Actuator). It reflects flush results, never makes a
	 * bucket request and never waits for a flush.
	 */
	public static class Health {

		/** Consecutive failed flushes after which the health is DOWN. */
		private int maxConsecutiveFailures = 3;

		/**
		 * How long the database may hold changes the bucket does not have before the health is DOWN. Defaults to
		 * five flush intervals, at least one minute; with the flush timer off, no limit.
		 */
		private @Nullable Duration maxUnflushedAge;

		/**
		 * How long a flush may run before the health is DOWN, with the flush's age. Defaults to three flush
		 * intervals, at least 30s (twice a bucket call's default time limit).
		 */
		private @Nullable Duration maxFlushDuration;

		public int getMaxConsecutiveFailures() {
			return this.maxConsecutiveFailures;
		}

		public void setMaxConsecutiveFailures(int maxConsecutiveFailures) {
			this.maxConsecutiveFailures = maxConsecutiveFailures;
		}

		public @Nullable Duration getMaxUnflushedAge() {
			return this.maxUnflushedAge;
		}

		public void setMaxUnflushedAge(@Nullable Duration maxUnflushedAge) {
			this.maxUnflushedAge = maxUnflushedAge;
		}

		public @Nullable Duration getMaxFlushDuration() {
			return this.maxFlushDuration;
		}

		public void setMaxFlushDuration(@Nullable Duration maxFlushDuration) {
			this.maxFlushDuration = maxFlushDuration;
		}

	}

	/** Profiling of flushes and restores with the JDK's own tools. */
	public static class Profiling {

		/**
		 * Whether to emit Java Flight Recorder events for flushes and restores ('dev.buckethead.Flush',
		 * 'dev.buckethead.Restore'). They cost next to nothing while no recording runs.
		 */
		private boolean flightRecorder;

		public boolean isFlightRecorder() {
			return this.flightRecorder;
		}

		public void setFlightRecorder(boolean flightRecorder) {
			this.flightRecorder = flightRecorder;
		}

	}

	/**
	 * Client-side encryption of everything stored in the bucket (AES-256-GCM; object names keyed so they do not
	 * reveal content; see docs/encryption.md). Off unless a key is set. Keys set here are never logged nor shown
	 * in error messages or Actuator output. A KeyProvider bean (KMS, Vault) takes precedence over these.
	 */
	public static class Encryption {

		/**
		 * The primary encryption key, base64 of 32 random bytes ('openssl rand -base64 32'): it encrypts every new
		 * object. Set either this or 'key-file'.
		 */
		private @Nullable String key;

		/** A file holding the primary encryption key (base64, or 32 raw bytes). Set either this or 'key'. */
		private @Nullable Path keyFile;

		/**
		 * Older keys (base64) that still decrypt what they encrypted, after a rotation: keep them until
		 * 'buckethead encryption rotate' has re-encrypted everything with the primary key.
		 */
		private List<String> oldKeys = new ArrayList<>();

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = blankToNull(key);
		}

		public @Nullable Path getKeyFile() {
			return this.keyFile;
		}

		public void setKeyFile(@Nullable Path keyFile) {
			this.keyFile = keyFile;
		}

		public List<String> getOldKeys() {
			return this.oldKeys;
		}

		public void setOldKeys(List<String> oldKeys) {
			this.oldKeys = oldKeys;
		}

		/** Whether a key is configured. */
		boolean isEnabled() {
			return this.key != null || this.keyFile != null;
		}

		@Override
		public String toString() {
			// Spelled out so that keys can never reach a log through a debugger or a careless log line.
			return "Encryption[key=" + ((this.key != null) ? "(redacted)" : "unset") + ", keyFile=" + this.keyFile
					+ ", oldKeys=" + this.oldKeys.size() + " (redacted)]";
		}

	}

}
