package dev.buckethead.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.buckethead.BucketHeadException;
import dev.buckethead.live.AdoptionRules;
import dev.buckethead.live.DatabaseImage;
import dev.buckethead.live.LeftoverLiveFiles;
import dev.buckethead.live.LiveDatabase;
import dev.buckethead.live.LiveDatabaseOptions;
import dev.buckethead.live.LiveDatabases;
import dev.buckethead.live.LiveFileIdentity;
import dev.buckethead.snapshot.SnapshotReader.Restored;
import dev.buckethead.snapshot.SnapshotStore.Head;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link between one live database and one branch in the bucket: restores it, flushes it, and remembers
 * which generation and head ETag it last wrote or loaded. Every operation holds one lock, so flushes never
 * overlap and branch operations see a stable state.
 * <p>
 * What others read while a flush runs (branch, generation, retained generations, whether the database is dirty)
 * is published in volatile fields and never waits for that lock: a flush stuck on the bucket must not stall a
 * health check.
 */
public final class SnapshotSession implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(SnapshotSession.class);

	/** A baseline no data_version ever equals: the database must be written at the next flush. */
	private static final long ALWAYS_DIRTY = Long.MIN_VALUE;

	private final ReentrantLock lock = new ReentrantLock();

	private final SnapshotStore store;

	private final SnapshotWriter writer;

	private final SnapshotReader reader;

	private final BranchHeads heads;

	private final FlushListener listener;

	private final Clock clock;

	private final List<ReferenceSource> referenceSources;

	private final SnapshotFormat format;

	private final String plainKey;

	private final LiveDatabase live;

	private volatile String branch;

	private volatile @Nullable Manifest manifest;

	private volatile @Nullable Head head;

	private long baseline;

	/**
	 * The last known answer to {@link #isDirty()}: set true when a flush finds changes to write (the bucket lacks
	 * them until it succeeds), and re-read whenever the lock is free.
	 */
	private volatile boolean dirty;

	private final RestoreReport restoreReport;

	private SnapshotSession(Builder builder, LiveDatabase live, String branch, @Nullable Manifest manifest,
			@Nullable Head head, boolean dirty, RestoreReport restoreReport) {
		this.store = builder.store;
		this.writer = builder.writer;
		this.reader = builder.reader;
		this.heads = builder.heads;
		this.listener = builder.listener;
		this.clock = builder.clock;
		this.referenceSources = builder.referenceSources;
		this.format = builder.format;
		this.plainKey = builder.store.layout().plainKey(branch, builder.defaultBranch);
		this.live = live;
		this.branch = branch;
		this.manifest = manifest;
		this.head = head;
		this.baseline = dirty ? ALWAYS_DIRTY : live.dataVersion();
		this.dirty = dirty;
		this.restoreReport = restoreReport;
		live.identify(identity());
	}

	/**
	 * What start-up restored, for logs and metrics.
	 *
	 * @param generation the generation restored; for an adopted live file, the one it descends from
	 * @param source where the content came from, for logs
	 * @param fallback why the generation restored is not the head's (the head's generation is damaged, the head
	 * was missing or unreadable), or null when it is the head's (or the one asked for)
	 * @param adoptedLiveFile whether the content is a live file left by a process that died, holding writes the
	 * bucket does not have yet
	 */
	public record RestoreReport(String branch, @Nullable String generation, String source, long bytesDownloaded,
			Duration duration, @Nullable String fallback, boolean adoptedLiveFile) {

		public RestoreReport(String branch, @Nullable String generation, String source, long bytesDownloaded,
				Duration duration) {
			this(branch, generation, source, bytesDownloaded, duration, null, false);
		}

	}

	/** Which database, branch and generation the live content is, for the file's identity. */
	private LiveFileIdentity identity() {
		return LiveFileIdentity.of(store.bucket().describe(), store.layout().snapshotKey(), branch,
				manifest == null ? null : manifest.generation());
	}

	public static Builder builder() {
		return new Builder();
	}

	public LiveDatabase live() {
		return live;
	}

	public RestoreReport restoreReport() {
		return restoreReport;
	}

	/** The branch this session writes to. */
	public String branch() {
		return branch;
	}

	/** The generation last written or loaded; empty before the first flush of a new database. */
	public Optional<String> generation() {
		return Optional.ofNullable(manifest).map(Manifest::generation);
	}

	/** The generations the current branch's head retains, newest first. */
	public List<String> retainedGenerations() {
		return head == null ? List.of() : head.pointer().retained();
	}

	public BranchHeads heads() {
		return heads;
	}

	public SnapshotFormat format() {
		return format;
	}

	/**
	 * Whether the live database holds changes the bucket does not have. Makes no bucket request and never waits:
	 * while a flush or branch operation holds the session, it answers what that operation last published (a
	 * flush that is writing has changes the bucket lacks until it succeeds).
	 */
	public boolean isDirty() {
		if (!lock.tryLock()) {
			return dirty;
		}
		try {
			return publishDirty();
		}
		finally {
			lock.unlock();
		}
	}

	/** Reads whether the database changed since the baseline, and publishes it. Call while holding the lock. */
	private boolean publishDirty() {
		boolean changed = baseline == ALWAYS_DIRTY || live.dataVersion() != baseline;
		dirty = changed;
		return changed;
	}

	/**
	 * Runs {@code action} while holding the session lock: no flush or branch operation runs meanwhile.
	 * @throws BucketHeadException if the thread is interrupted while it waits for the lock (shutting down)
	 */
	public <T> T exclusively(Supplier<T> action) {
		try {
			lock.lockInterruptibly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BucketHeadException("Interrupted while waiting for the flush or branch operation in progress",
					ex);
		}
		try {
			return action.get();
		}
		finally {
			lock.unlock();
		}
	}

	/** Flushes if the database changed since the last flush. */
	public FlushResult flush(FlushTrigger trigger) {
		return exclusively(() -> flushLocked(trigger, false));
	}

	/**
	 * Flushes, and also writes a first generation for a database that has never been flushed (branch
	 * operations need a generation to point at). Call while holding the lock.
	 */
	public FlushResult flushToGeneration(FlushTrigger trigger) {
		return exclusively(() -> flushLocked(trigger, manifest == null));
	}

	private FlushResult flushLocked(FlushTrigger trigger, boolean force) {
		listener.onFlushStart(trigger);
		long started = System.nanoTime();
		try {
			FlushResult result = writeIfChanged(trigger, force, started);
			listener.onFlushComplete(result);
			return result;
		}
		catch (RuntimeException ex) {
			listener.onFlushError(trigger, ex);
			throw ex;
		}
	}

	private FlushResult writeIfChanged(FlushTrigger trigger, boolean force, long started) {
		if (!force && !publishDirty()) {
			return result(trigger, FlushOutcome.SKIPPED, started, 0, 0, 0, manifest == null ? 0 : manifest.size());
		}
		dirty = true;
		if (format == SnapshotFormat.PLAIN) {
			try (DatabaseImage image = live.image(LiveDatabase.ConsistentRead.NONE)) {
				long bytes = new PlainSnapshotWriter(store.bucket()).write(image, plainKey, live.scratchDirectory());
				baseline = image.dataVersion();
				publishDirty();
				return result(trigger, FlushOutcome.SUCCESS, started, bytes, 1, 0, image.size());
			}
		}
		CollectedReferences references = new CollectedReferences(referenceSources);
		try (DatabaseImage image = live.image(references)) {
			Instant now = clock.instant();
			SnapshotWriter.Written written = writer.write(image, references, manifest, branch,
					GenerationIds.next(now), now);
			if (written.manifest() == manifest) {
				baseline = image.dataVersion();
				publishDirty();
				return result(trigger, FlushOutcome.SKIPPED, started, 0, 0, written.chunksReused(), image.size());
			}
			// Before the head moves: should this process die right after, the file still matches the head.
			live.identify(identity().pending(written.manifest().generation()));
			Head newHead = heads.advance(branch, written.manifest().generation(), head);
			manifest = written.manifest();
			head = newHead;
			baseline = image.dataVersion();
			publishDirty();
			live.identify(identity());
			return result(trigger, FlushOutcome.SUCCESS, started, written.bytesUploaded(), written.chunksUploaded(),
					written.chunksReused(), image.size());
		}
	}

	private FlushResult result(FlushTrigger trigger, FlushOutcome outcome, long started, long bytes, int uploaded,
			int reused, long size) {
		return new FlushResult(trigger, outcome, manifest == null ? null : manifest.generation(), branch,
				Duration.ofNanos(System.nanoTime() - started), bytes, uploaded, reused, size, clock.instant());
	}

	/**
	 * Downloads and verifies {@code targetHead}'s generation into a scratch file, without touching the live
	 * database: the slow half of a branch switch, done while writers still run.
	 */
	public PreparedLoad prepareLoad(Head targetHead) {
		Manifest targetManifest = store.readManifest(targetHead.pointer().generation());
		return new PreparedLoad(targetHead, targetManifest, reader.restore(targetManifest, live.scratchDirectory()));
	}

	/** A verified generation in a scratch file, ready to replace the live content. Close to discard it. */
	public record PreparedLoad(Head head, Manifest manifest, Restored restored) implements AutoCloseable {

		@Override
		public void close() {
			deleteQuietly(restored);
		}

	}

	/**
	 * Replaces the live content with a prepared generation and makes {@code target} the current branch. The
	 * caller flushed the outgoing branch and holds the lock (and the connection gate).
	 */
	public void load(String target, PreparedLoad prepared) {
		exclusively(() -> {
			baseline = live.replaceWith(prepared.restored().file());
			dirty = false;
			branch = target;
			manifest = prepared.manifest();
			head = prepared.head();
			live.identify(identity());
			return null;
		});
	}

	/** Makes {@code newBranch} (whose head now points at the current generation) the branch written to. */
	public void rename(String newBranch, Head newHead) {
		exclusively(() -> {
			branch = newBranch;
			head = newHead;
			live.identify(identity());
			return null;
		});
	}

	@Override
	public void close() {
		live.close();
	}

	private static void deleteQuietly(Restored restored) {
		try {
			java.nio.file.Files.deleteIfExists(restored.file());
		}
		catch (java.io.IOException ignored) {
			// A leftover scratch file is harmless.
		}
	}

	/** Assembles a session and performs the start-up restore. */
	public static final class Builder {

		private SnapshotStore store;

		private SnapshotWriter writer;

		private SnapshotReader reader;

		private BranchHeads heads;

		private FlushListener listener = new FlushListener() {
		};

		private Clock clock = Clock.systemUTC();

		private List<ReferenceSource> referenceSources = List.of();

		private String branch = "main";

		private String defaultBranch = "main";

		private RestorePoint restorePoint = RestorePoint.latest();

		private boolean fallbackToPrevious;

		private SnapshotFormat format = SnapshotFormat.INCREMENTAL;

		private OnMissingHead onMissingHead = OnMissingHead.FAIL;

		private int keepSetAsideFiles = 5;

		private Builder() {
		}

		/** What to do when the branch has no head but the bucket holds its data. */
		public Builder onMissingHead(OnMissingHead onMissingHead) {
			this.onMissingHead = onMissingHead;
			return this;
		}

		/** How many live files that were not adopted to keep in the live directory's set-aside folder. */
		public Builder keepSetAsideFiles(int keepSetAsideFiles) {
			this.keepSetAsideFiles = keepSetAsideFiles;
			return this;
		}

		public Builder format(SnapshotFormat format) {
			this.format = format;
			return this;
		}

		public Builder store(SnapshotStore store) {
			this.store = store;
			return this;
		}

		public Builder writer(SnapshotWriter writer) {
			this.writer = writer;
			return this;
		}

		public Builder reader(SnapshotReader reader) {
			this.reader = reader;
			return this;
		}

		public Builder heads(BranchHeads heads) {
			this.heads = heads;
			return this;
		}

		/** Hears every flush; a listener that throws is logged and does not affect the flush. */
		public Builder listener(FlushListener listener) {
			if (listener instanceof CompositeSnapshotListener composite) {
				this.listener = composite;
			}
			else {
				CompositeSnapshotListener isolated = new CompositeSnapshotListener();
				isolated.add(listener);
				this.listener = isolated;
			}
			return this;
		}

		/** The sources whose references every generation records; a live list that views add to. */
		public Builder referenceSources(List<ReferenceSource> referenceSources) {
			this.referenceSources = referenceSources;
			return this;
		}

		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		public Builder branch(String branch, String defaultBranch) {
			this.branch = branch;
			this.defaultBranch = defaultBranch;
			return this;
		}

		public Builder restorePoint(RestorePoint restorePoint) {
			this.restorePoint = restorePoint;
			return this;
		}

		public Builder fallbackToPrevious(boolean fallbackToPrevious) {
			this.fallbackToPrevious = fallbackToPrevious;
			return this;
		}

		/**
		 * Restores the branch into a new live database: from a live file a dead process left when the head is
		 * still the generation it descends from, else from the head's generation (or, without a head, from a plain
		 * SQLite object, or empty when the bucket holds nothing of the branch).
		 * @throws MissingHeadException when the branch has no head but the bucket holds its data
		 * @throws UnreadableHeadException when the head cannot be parsed (unless falling back)
		 */
		public SnapshotSession open(LiveDatabaseOptions options) {
			long started = System.nanoTime();
			if (format == SnapshotFormat.PLAIN) {
				return openWithoutHead(options, started, "the plain snapshot format never adopts a live file");
			}
			HeadState state = heads.inspect(branch);
			if (state.isSound()) {
				return openFromHead(options, state.head(), started);
			}
			SnapshotLayout layout = store.layout();
			if (state.isDamaged()) {
				if (!fallbackToPrevious) {
					throw new UnreadableHeadException(layout.headKey(branch), branch, state.damage(),
							layout.snapshotKey());
				}
				return recover(options, state, SnapshotInventory.read(store, heads), started,
						"the head of branch '" + branch + "' is unreadable (" + state.damage() + ")");
			}
			// Only without a head does a start list the bucket: the branch is new only if it holds nothing of it.
			SnapshotInventory inventory = SnapshotInventory.read(store, heads);
			BranchEvidence evidence = BranchEvidence.find(store, inventory, branch);
			if (evidence.isEmpty()) {
				return openWithoutHead(options, started, null);
			}
			if (onMissingHead == OnMissingHead.FAIL || evidence.manifests().isEmpty()) {
				throw evidence.refusal(store);
			}
			return recover(options, state, inventory, started, "the head of branch '" + branch + "' was missing");
		}

		private SnapshotSession openWithoutHead(LiveDatabaseOptions options, long started,
				@Nullable String notAdoptable) {
			if (!restorePoint.isLatest()) {
				throw new BucketHeadException("Cannot restore branch '" + branch + "' " + restorePoint
						+ ": the branch has no snapshot in " + store.bucket().describe());
			}
			Optional<SnapshotSession> adopted = adoptLeftover(options, null, null, null, started, notAdoptable);
			if (adopted.isPresent()) {
				return adopted.get();
			}
			String plainKey = store.layout().plainKey(branch, defaultBranch);
			if (store.bucket().head(plainKey).isPresent()) {
				Restored imported = reader.importPlain(plainKey, options.directory());
				if (format == SnapshotFormat.INCREMENTAL) {
					log.info("Imported the plain SQLite snapshot '{}' ({} bytes) into branch '{}'; the first flush "
							+ "writes it in the incremental format", plainKey, imported.bytesDownloaded(), branch);
				}
				LiveDatabase live = LiveDatabases.open(options, imported.file());
				// In the plain format the object is the snapshot: unchanged content needs no upload.
				boolean dirty = format == SnapshotFormat.INCREMENTAL;
				return new SnapshotSession(this, live, branch, null, null, dirty, new RestoreReport(branch, null,
						"plain object " + plainKey, imported.bytesDownloaded(), elapsed(started)));
			}
			LiveDatabase live = LiveDatabases.open(options, null);
			return new SnapshotSession(this, live, branch, null, null, false,
					new RestoreReport(branch, null, "empty (no snapshot yet)", 0, elapsed(started)));
		}

		private SnapshotSession openFromHead(LiveDatabaseOptions options, Head head, long started) {
			Optional<SnapshotSession> adopted = adoptLeftover(options, head, head.pointer().generation(), null,
					started, restorePoint.isLatest() ? null : "this start restores " + restorePoint);
			if (adopted.isPresent()) {
				return adopted.get();
			}
			List<String> candidates = new ArrayList<>();
			for (String generation : head.pointer().retained()) {
				if (restorePoint.accepts(generation)) {
					candidates.add(generation);
				}
			}
			if (candidates.isEmpty()) {
				throw new BucketHeadException("Branch '" + branch + "' has no retained generation " + restorePoint
						+ "; it retains " + head.pointer().retained());
			}
			if (!fallbackToPrevious) {
				candidates = candidates.subList(0, 1);
			}
			String firstProblem = null;
			for (int i = 0; i < candidates.size(); i++) {
				String generation = candidates.get(i);
				try {
					Manifest manifest = store.readManifest(generation);
					Restored restored = reader.restore(manifest, options.directory());
					LiveDatabase live = LiveDatabases.open(options, restored.file());
					String fallback = firstProblem == null ? null : "generation " + candidates.get(0)
							+ " of the head cannot be restored (" + firstProblem + ")";
					return new SnapshotSession(this, live, branch, manifest, head, false, new RestoreReport(branch,
							generation, "generation " + generation, restored.bytesDownloaded(), elapsed(started),
							fallback, false));
				}
				catch (CorruptSnapshotException ex) {
					if (i == candidates.size() - 1) {
						throw ex;
					}
					firstProblem = firstProblem == null ? ex.problem() : firstProblem;
					log.warn("Generation {} of branch '{}' cannot be restored ({}); falling back to {}", generation,
							branch, ex.getMessage(), candidates.get(i + 1));
				}
			}
			throw new IllegalStateException("unreachable: the last candidate either returns or throws");
		}

		/**
		 * Starts from the newest sound manifest of a branch whose head is missing or unreadable, and writes the
		 * head again (conditionally on what was found).
		 */
		private SnapshotSession recover(LiveDatabaseOptions options, HeadState found, SnapshotInventory inventory,
				long started, String why) {
			List<Manifest> candidates = inventory.manifestsOf(branch)
				.stream()
				.filter((manifest) -> restorePoint.accepts(manifest.generation()))
				.toList();
			HeadRecovery recovery = new HeadRecovery(reader, heads);
			HeadRecovery.Verified verified = recovery.newestSound(branch, candidates, options.directory(),
					store.layout().headKey(branch));
			Manifest manifest = verified.manifest();
			Head head;
			try {
				head = recovery.writeHead(found, verified, candidates);
			}
			catch (RuntimeException ex) {
				deleteQuietly(verified.restored());
				throw ex;
			}
			log.warn("BucketHead: {}. Started from generation {} (created {}), the newest sound generation of the "
					+ "branch, and wrote the head again at it{}", why, manifest.generation(), manifest.createdAt(),
					verified.rejected().isEmpty() ? "" : "; newer ones that did not restore: " + verified.rejected());
			String fallback = why + "; restored the newest sound generation of the branch and rewrote the head";
			Optional<SnapshotSession> adopted = adoptLeftover(options, head, manifest.generation(), manifest, started,
					null);
			if (adopted.isPresent()) {
				deleteQuietly(verified.restored());
				return adopted.get();
			}
			LiveDatabase live = LiveDatabases.open(options, verified.restored().file());
			return new SnapshotSession(this, live, branch, manifest, head, false, new RestoreReport(branch,
					manifest.generation(), "generation " + manifest.generation(), verified.restored().bytesDownloaded(),
					elapsed(started), fallback, false));
		}

		/**
		 * Adopts the live file a dead process left for this branch when the head is still at {@code base}; sets
		 * aside the others of this database.
		 * @param known the manifest of {@code base} when already read
		 * @param notAdoptable why this start adopts no file at all, or null
		 */
		private Optional<SnapshotSession> adoptLeftover(LiveDatabaseOptions options, @Nullable Head head,
				@Nullable String base, @Nullable Manifest known, long started, @Nullable String notAdoptable) {
			AdoptionRules.Start start = new AdoptionRules.Start(store.bucket().describe(),
					store.layout().snapshotKey(), branch, base, notAdoptable);
			Optional<LeftoverLiveFiles.Leftover> found = LeftoverLiveFiles.resolve(options.directory(), start,
					keepSetAsideFiles);
			if (found.isEmpty()) {
				return Optional.empty();
			}
			LeftoverLiveFiles.Leftover leftover = found.get();
			Manifest manifest = known;
			if (manifest == null && base != null) {
				try {
					manifest = store.readManifest(base);
				}
				catch (CorruptSnapshotException ex) {
					// Only the chunks to reuse come from it: without it, the flush uploads every chunk.
					log.warn("The manifest of generation {} is unreadable ({}); the adopted file's first flush "
							+ "uploads it whole", base, ex.problem());
				}
			}
			LiveDatabase live;
			try {
				live = LiveDatabases.adopt(options, leftover);
			}
			catch (RuntimeException ex) {
				leftover.close();
				throw ex;
			}
			long pid = leftover.identity().pid();
			log.info("BucketHead adopted the live file {} left by process {}: the head of branch '{}' is still at {}, "
					+ "which the file holds with every write after it. Flushing it now", leftover.database(), pid,
					branch, base == null ? "no generation" : "generation " + base);
			return Optional.of(new SnapshotSession(this, live, branch, manifest, head, true, new RestoreReport(branch,
					base, "live file " + leftover.database() + " left by process " + pid, 0, elapsed(started), null,
					true)));
		}

		private static Duration elapsed(long started) {
			return Duration.ofNanos(System.nanoTime() - started);
		}

	}

}
