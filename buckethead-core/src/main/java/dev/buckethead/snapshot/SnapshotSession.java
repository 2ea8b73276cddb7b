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
import dev.buckethead.live.LiveStorage;
import dev.buckethead.live.PageCapture;
import dev.buckethead.live.PageTracker;
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

	private final ChainRestorer chainRestorer;

	private final ChunkCodec codec;

	private final ChainLimits limits;

	/** Makes bases of delta points from bucket objects (branches at a point); null without I/O threads. */
	private final @Nullable ChainCompactor compactor;

	/** Compacts the chain off the flush thread when it passes its limits; null without a compactor. */
	private final @Nullable BackgroundCompaction compaction;

	/** Copies of this session's delta steps, which a compaction reads instead of the bucket; null without one. */
	private final @Nullable StepSpool spool;

	/** Bytes of each delta step since the base, by step, so the chain's bytes after a compacted step are known. */
	private final java.util.TreeMap<Long, Long> stepBytes = new java.util.TreeMap<>();

	/** The head must be written at the next step: it is to retain a base compacted meanwhile. */
	private boolean headStale;

	/** How this session's flushes write, chosen once from the format and the live storage. */
	private final Flusher flusher;

	/** Bytes of the delta steps since the current base, for {@link ChainLimits#baseDue}. */
	private long chainBytes;

	/** The step and time of the last head this session wrote (or found), for {@link ChainLimits#headDue}. */
	private long headWrittenSequence;

	private Instant headWrittenAt;

	private SnapshotSession(Builder builder, LiveDatabase live, String branch, @Nullable Manifest manifest,
			@Nullable Head head, boolean dirty, RestoreReport restoreReport, long chainBytes) {
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
		this.spool = builder.compactionIo == null || !builder.pageDeltas ? null
				: new StepSpool(live.scratchDirectory());
		this.chainRestorer = builder.chainRestorer().withSpool(spool);
		this.compactor = builder.compactionIo == null ? null
				: new ChainCompactor(store, chainRestorer, builder.codec, builder.compactionIo, referenceSources);
		this.compaction = compactor == null || !builder.pageDeltas ? null : new BackgroundCompaction(compactor);
		this.codec = builder.codec;
		this.limits = builder.limits;
		this.chainBytes = chainBytes;
		if (head != null) {
			this.stepBytes.put(head.pointer().effectiveBaseSequence(), chainBytes);
		}
		this.headWrittenSequence = head == null ? 0 : head.pointer().effectiveSequence();
		this.headWrittenAt = clock.instant();
		this.flusher = builder.format == SnapshotFormat.PLAIN ? new PlainFlusher()
				: live.pageTracker()
					.filter((tracker) -> builder.pageDeltas)
					.<Flusher>map(TrackedFlusher::new)
					.orElseGet(ImageFlusher::new);
		live.identify(identity());
	}

	/**
	 * The live content was just restored from exactly the head's state: the first flush may be a delta on it
	 * rather than a base, which after a restart would re-send every chunk the chain since the base changed. Not
	 * for an adopted live file, a fallback to an older point or an as-of restore, whose content is not the head's,
	 * nor on a base of an older manifest format.
	 */
	private void continueChainFromRestoredState() {
		// A base of an older format is upgraded by the next flush, which therefore writes a new base.
		if (flusher instanceof TrackedFlusher tracked && manifest != null && manifest.format() == Manifest.FORMAT) {
			tracked.tracker.trustCurrentState();
		}
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
				generation().orElse(null));
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
		Head current = head;
		if (current != null) {
			return Optional.of(current.pointer().generation());
		}
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
	 * Flushes so that the branch's state is a base generation (one with a manifest): writes a first generation
	 * for a database that has never been flushed, and a base for a state that is a page delta (branch
	 * operations point other heads at the generation, and those heads have no chain of their own).
	 */
	public FlushResult flushToGeneration(FlushTrigger trigger) {
		return exclusively(() -> flushLocked(trigger, true));
	}

	private FlushResult flushLocked(FlushTrigger trigger, boolean requireBase) {
		listener.onFlushStart(trigger);
		long started = System.nanoTime();
		try {
			FlushResult result = writeIfChanged(trigger, requireBase, started);
			if (trigger == FlushTrigger.SHUTDOWN) {
				catchUpHead();
			}
			listener.onFlushComplete(result);
			return result;
		}
		catch (RuntimeException ex) {
			listener.onFlushError(trigger, ex);
			throw ex;
		}
	}

	private FlushResult writeIfChanged(FlushTrigger trigger, boolean requireBase, long started) {
		boolean force = requireBase && (manifest == null || isDeltaTip());
		if (!force && !publishDirty()) {
			return result(trigger, FlushOutcome.SKIPPED, started, 0, 0, 0, manifest == null ? 0 : manifest.size());
		}
		dirty = true;
		return flusher.flush(trigger, requireBase, started);
	}

	private boolean isDeltaTip() {
		return head != null && head.pointer().isDelta();
	}

	/** Writes the head at the tip when this session's delta steps left it behind (at shutdown). */
	private void catchUpHead() {
		Head current = head;
		if (current != null && current.pointer().effectiveSequence() > headWrittenSequence) {
			head = heads.catchUp(current);
			headWrittenSequence = current.pointer().effectiveSequence();
			headWrittenAt = clock.instant();
		}
	}

	/** How a flush writes: one implementation per kind of session, chosen when it is built. */
	private interface Flusher {

		/** @param requireBase the flush must leave a base step (a manifest) as the branch's state */
		FlushResult flush(FlushTrigger trigger, boolean requireBase, long started);

	}

	/** The original library's format: the whole database as one plain SQLite object. */
	private final class PlainFlusher implements Flusher {

		@Override
		public FlushResult flush(FlushTrigger trigger, boolean requireBase, long started) {
			try (DatabaseImage image = live.image(LiveDatabase.ConsistentRead.NONE)) {
				long bytes = new PlainSnapshotWriter(store.bucket()).write(image, plainKey, live.scratchDirectory());
				baseline = image.dataVersion();
				publishDirty();
				return result(trigger, FlushOutcome.SUCCESS, started, bytes, 1, 0, image.size());
			}
		}

	}

	/** Every flush a base step from a whole image: storage without page tracking ({@link LiveStorage#MEMORY}). */
	private final class ImageFlusher implements Flusher {

		@Override
		public FlushResult flush(FlushTrigger trigger, boolean requireBase, long started) {
			CollectedReferences references = new CollectedReferences(referenceSources);
			try (DatabaseImage image = live.image(references)) {
				return baseStep(image, references, trigger, started);
			}
		}

	}

	/**
	 * Page-tracked storage: a delta step of the changed pages, or a base step when the capture is a base, there
	 * is no base yet, a base is required, or the chain since the base is long enough to be compacted
	 * ({@link ChainLimits#baseDue}). The capture is acknowledged only once its step is claimed, so pages of a
	 * failed flush go out with the next one.
	 */
	private final class TrackedFlusher implements Flusher {

		private final PageTracker tracker;

		private final DeltaStepWriter deltas;

		/**
		 * A step this session sent whose request failed without an answer (a deadline, a lost connection): the
		 * object may have landed after all. Until that is known, the live file's identity keeps it as pending.
		 */
		private @Nullable SuccessorClaim uncertain;

		/** The bytes of {@link #uncertain}'s delta, for the chain limits should it turn out to have landed. */
		private long uncertainBytes;

		TrackedFlusher(PageTracker tracker) {
			this.tracker = tracker;
			this.deltas = new DeltaStepWriter(store, codec);
		}

		/**
		 * Settles {@link #uncertain}: when the step is in the bucket, written by this session, it is the branch's
		 * tip and the next delta follows it (it carries every page changed since the acknowledged state, a superset
		 * of the landed step's, so it applies correctly after it). Without this, the next flush would claim the same
		 * step again and take its own landed step for another writer's. A failed read leaves it unsettled.
		 */
		private void settleUncertainStep() {
			SuccessorClaim sent = uncertain;
			if (sent == null) {
				return;
			}
			Optional<SuccessorClaim> found = store.readSuccessor(sent.branch(), sent.lineage(), sent.sequence());
			uncertain = null;
			if (found.isPresent() && found.get().writer().equals(sent.writer())
					&& found.get().generation().equals(sent.generation())) {
				HeadPointer seen = head.pointer();
				head = new Head(new HeadPointer(HeadPointer.FORMAT, sent.branch(), sent.generation(), seen.retained(),
						seen.updatedAt(), sent.lineage(), sent.sequence(), sent.base(), sent.baseSequence()),
						head.etag());
				chainBytes += uncertainBytes;
				tipReferences = sent.referencesOrEmpty();
				live.identify(identity());
				log.info("BucketHead: the flush of generation {} on branch '{}' had failed without an answer, but its "
						+ "step {} is in the bucket; continuing from it", sent.generation(), branch, sent.sequence());
			}
		}

		@Override
		public FlushResult flush(FlushTrigger trigger, boolean requireBase, long started) {
			CollectedReferences references = new CollectedReferences(referenceSources);
			settleUncertainStep();
			try (PageCapture capture = tracker.capture(references)) {
				adoptCompaction();
				Head current = head;
				Manifest base = manifest;
				boolean wholeImage = requireBase || capture.isBase() || base == null || current == null
						|| !current.pointer().effectiveBase().equals(base.generation())
						|| baseFromLiveFile(current.pointer(), base);
				FlushResult result = wholeImage ? baseStep(capture.image(), references, trigger, started)
						: deltaStep(capture, references, current, trigger, started);
				capture.acknowledge();
				return result;
			}
		}

		/**
		 * Whether the chain is long enough that this flush writes a base from the live file: when it passed its
		 * limits and no background compaction can start, or when it passed twice its limits (compactions fail or
		 * lag). Otherwise a chain past its limits starts compacting its tip from bucket objects and the flush
		 * stays a delta.
		 */
		private boolean baseFromLiveFile(HeadPointer tip, Manifest base) {
			long steps = tip.effectiveSequence() - tip.effectiveBaseSequence();
			if (!limits.baseDue(steps, chainBytes, base.size())) {
				return false;
			}
			if (compaction == null || !tip.isDelta() || limits.baseDue(steps / 2, chainBytes / 2, base.size())) {
				return true;
			}
			BranchPoint point = BranchPoint.delta(tip.effectiveSequence(), tip.generation(),
					GenerationIds.createdAt(tip.generation()), tip.effectiveBase(), tip.effectiveBaseSequence());
			return !compaction.start(tip, point, live.scratchDirectory());
		}

		/**
		 * Makes a finished background compaction this session's base: its step is in the current chain, so the
		 * state is that base plus the deltas after it (each delta holds the pages changed since the step before,
		 * whatever base its header names), and the next steps name it as their base.
		 */
		private void adoptCompaction() {
			if (compaction == null) {
				return;
			}
			Optional<BackgroundCompaction.Done> done = compaction.take();
			Head current = head;
			if (done.isEmpty() || current == null) {
				return;
			}
			BranchPoint point = done.get().point();
			Manifest compacted = done.get().manifest();
			HeadPointer tip = current.pointer();
			// Only a step of this branch's current chain: a branch switch or a new lineage since it started, or a
			// base written since, leaves it unused (its objects are garbage for gc).
			HeadPointer started = done.get().tip();
			if (!compacted.generation().equals(point.generation()) || !started.branch().equals(tip.branch())
					|| !started.effectiveLineage().equals(tip.effectiveLineage())
					|| point.sequence() <= tip.effectiveBaseSequence() || point.sequence() > tip.effectiveSequence()) {
				return;
			}
			// No head retains it until this step's head write: only gc's grace period protects it meanwhile, so a
			// base that waited longer than that (or met a gc without grace) is not built on.
			if (store.bucket().head(store.layout().manifestKey(compacted.generation())).isEmpty()) {
				log.warn("The base compacted at generation {} was deleted before this flush could build on it; the "
						+ "chain stays on base {}", compacted.generation(), tip.effectiveBase());
				return;
			}
			List<String> retained = new ArrayList<>();
			retained.add(point.generation());
			tip.retained().stream().filter((generation) -> !retained.contains(generation)).forEach(retained::add);
			head = new Head(new HeadPointer(HeadPointer.FORMAT, tip.branch(), tip.generation(), retained,
					tip.updatedAt(), tip.effectiveLineage(), tip.effectiveSequence(), point.generation(),
					point.sequence()), current.etag());
			manifest = compacted;
			stepBytes.headMap(point.sequence(), true).clear();
			chainBytes = stepBytes.values().stream().mapToLong(Long::longValue).sum();
			if (spool != null) {
				spool.dropThrough(tip.effectiveLineage(), point.sequence());
			}
			headStale = true;
		}

		private FlushResult deltaStep(PageCapture capture, CollectedReferences references, Head current,
				FlushTrigger trigger, long started) {
			Instant now = clock.instant();
			String generation = GenerationIds.next(now);
			DeltaStepWriter.Encoded encoded = deltas.encode(capture,
					references.store(store, current.pointer().isDelta() ? tipReferences : manifest.references()));
			SuccessorClaim claim = heads.deltaClaim(current, generation, capture.pageSize(), capture.pageCount(),
					encoded.references(), encoded.extraParts());
			boolean writeHead = headStale || limits.headDue(claim.sequence() - headWrittenSequence,
					Duration.between(headWrittenAt, now));
			// Before the step is claimed: should this process die right after, the file still matches the tip.
			live.identify(identity().pending(generation));
			uncertain = claim;
			uncertainBytes = encoded.bytes();
			try {
				head = heads.advanceDelta(claim, encoded.firstPart(), encoded.firstPart().length, current, writeHead);
			}
			catch (SnapshotConflictException ex) {
				// Answered: another writer has the step; nothing of ours is in doubt.
				uncertain = null;
				throw ex;
			}
			uncertain = null;
			if (spool != null) {
				spool.put(claim, encoded.firstPart());
			}
			if (writeHead) {
				headWrittenSequence = claim.sequence();
				headWrittenAt = now;
				headStale = false;
			}
			chainBytes += encoded.bytes();
			stepBytes.put(claim.sequence(), encoded.bytes());
			tipReferences = encoded.references();
			baseline = capture.dataVersion();
			publishDirty();
			live.identify(identity());
			return result(trigger, FlushOutcome.SUCCESS, started, encoded.bytes(), 1 + encoded.extraParts().size(), 0,
					capture.pageCount() * capture.pageSize());
		}

	}

	/** The reference lists of the tip when it is a delta step (a base's are in its manifest). */
	private java.util.Map<String, String> tipReferences = java.util.Map.of();

	/**
	 * Writes {@code image} as a base step: the chunks and manifest through {@link SnapshotWriter}, then the claim
	 * and the head. Nothing to write when the image is the current base and the tip is that base.
	 */
	private FlushResult baseStep(DatabaseImage image, CollectedReferences references, FlushTrigger trigger,
			long started) {
		Instant now = clock.instant();
		SnapshotWriter.Written written = writer.write(image, references, manifest, branch, GenerationIds.next(now),
				now);
		if (written.manifest() == manifest && !isDeltaTip()) {
			baseline = image.dataVersion();
			publishDirty();
			return result(trigger, FlushOutcome.SKIPPED, started, 0, 0, written.chunksReused(), image.size());
		}
		// Before the head moves: should this process die right after, the file still matches the head.
		live.identify(identity().pending(written.manifest().generation()));
		Head newHead = heads.advance(branch, written.manifest().generation(), head);
		manifest = written.manifest();
		head = newHead;
		headWrittenSequence = newHead.pointer().effectiveSequence();
		headWrittenAt = now;
		chainBytes = 0;
		stepBytes.clear();
		if (spool != null) {
			spool.dropThrough(newHead.pointer().effectiveLineage(), newHead.pointer().effectiveSequence());
		}
		headStale = false;
		tipReferences = java.util.Map.of();
		baseline = image.dataVersion();
		publishDirty();
		live.identify(identity());
		return result(trigger, FlushOutcome.SUCCESS, started, written.bytesUploaded(), written.chunksUploaded(),
				written.chunksReused(), image.size());
	}

	private FlushResult result(FlushTrigger trigger, FlushOutcome outcome, long started, long bytes, int uploaded,
			int reused, long size) {
		return new FlushResult(trigger, outcome, generation().orElse(null), branch,
				Duration.ofNanos(System.nanoTime() - started), bytes, uploaded, reused, size, clock.instant());
	}

	/**
	 * Downloads and verifies {@code targetHead}'s generation into a scratch file, without touching the live
	 * database: the slow half of a branch switch, done while writers still run.
	 */
	public PreparedLoad prepareLoad(Head targetHead) {
		ChainRestorer.Result result = chainRestorer.restore(targetHead.pointer(), live.scratchDirectory());
		return new PreparedLoad(targetHead, result.base(), result.restored(), result.deltaBytes());
	}

	/**
	 * A verified generation in a scratch file, ready to replace the live content. Close to discard it.
	 * @param manifest the base the state builds on
	 * @param deltaBytes the bytes of the delta steps applied on it
	 */
	public record PreparedLoad(Head head, Manifest manifest, Restored restored, long deltaBytes)
			implements AutoCloseable {

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
			chainBytes = prepared.deltaBytes();
			// The restored chain's bytes count as one lump at its base: a compaction after it drops them all.
			stepBytes.clear();
			stepBytes.put(prepared.head().pointer().effectiveBaseSequence(), chainBytes);
			headStale = false;
			tipReferences = java.util.Map.of();
			headWrittenSequence = prepared.head().pointer().effectiveSequence();
			headWrittenAt = clock.instant();
			live.identify(identity());
			return null;
		});
	}

	/**
	 * Creates branch {@code name} at a retained point of the current branch, without copying the database: its
	 * head points at the point's base, or, for a delta step, at a base compacted from bucket objects (only the
	 * chunks its deltas changed are uploaded). Reads the bucket only, so it holds no lock: flushes go on.
	 * @throws NoRestorePointException when the branch retains no such point
	 * @throws SnapshotConflictException when the branch {@code name} was created meanwhile
	 */
	public Head createBranchAt(String name, RestorePoint point) {
		Head current = head;
		if (current == null) {
			throw new NoRestorePointException("Branch '" + branch + "' has no snapshot yet to create branch '" + name
					+ "' from; flush first");
		}
		if (compactor == null) {
			throw new IllegalStateException("This session was built without compaction I/O threads");
		}
		HeadPointer tip = current.pointer();
		BranchPoint chosen = BranchPoints.candidates(tip.branch(), BranchPoints.forRestore(store, tip, point), point)
			.get(0);
		Manifest base = compactor.compact(tip, chosen, live.scratchDirectory());
		return heads.advance(name, base.generation(), null);
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
		if (compaction != null) {
			compaction.close();
		}
		if (spool != null) {
			spool.clear();
		}
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

		private String branch = SnapshotLayout.DEFAULT_BRANCH;

		private String defaultBranch = SnapshotLayout.DEFAULT_BRANCH;

		private RestorePoint restorePoint = RestorePoint.latest();

		private boolean fallbackToPrevious;

		private SnapshotFormat format = SnapshotFormat.INCREMENTAL;

		private OnMissingHead onMissingHead = OnMissingHead.FAIL;

		private int keepSetAsideFiles = 5;

		private ChunkCodec codec = new ChunkCodec(1);

		private ChainLimits limits = ChainLimits.DEFAULTS;

		private boolean pageDeltas;

		private java.util.concurrent.@Nullable ExecutorService compactionIo;

		private Builder() {
		}

		/** The threads compactions (a branch at a delta point) upload on; without them such branches are refused. */
		public Builder compactionIo(java.util.concurrent.ExecutorService io) {
			this.compactionIo = io;
			return this;
		}

		/** Whether page-tracked storage flushes page deltas between bases (else every flush is a base). */
		public Builder pageDeltas(boolean pageDeltas) {
			this.pageDeltas = pageDeltas;
			return this;
		}

		/** The codec page deltas are written and read with (the chunks' codec). */
		public Builder codec(ChunkCodec codec) {
			this.codec = codec;
			return this;
		}

		/** How long delta chains grow and how far the head may lag; {@link ChainLimits#DEFAULTS} unless set. */
		public Builder chainLimits(ChainLimits limits) {
			this.limits = limits;
			return this;
		}

		private ChainRestorer chainRestorer() {
			return new ChainRestorer(store, reader, codec);
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
						"plain object " + plainKey, imported.bytesDownloaded(), elapsed(started)), 0);
			}
			LiveDatabase live = LiveDatabases.open(options, null);
			return new SnapshotSession(this, live, branch, null, null, false,
					new RestoreReport(branch, null, "empty (no snapshot yet)", 0, elapsed(started)), 0);
		}

		private SnapshotSession openFromHead(LiveDatabaseOptions options, Head head, long started) {
			Optional<SnapshotSession> adopted = adoptLeftover(options, head, head.pointer().generation(), null,
					started, restorePoint.isLatest() ? null : "this start restores " + restorePoint);
			if (adopted.isPresent()) {
				return adopted.get();
			}
			HeadPointer tip = head.pointer();
			List<BranchPoint> candidates = BranchPoints.candidates(branch,
					BranchPoints.forRestore(store, tip, restorePoint), restorePoint);
			if (!fallbackToPrevious) {
				candidates = candidates.subList(0, 1);
			}
			String firstProblem = null;
			for (int i = 0; i < candidates.size(); i++) {
				String generation = candidates.get(i).generation();
				try {
					HeadPointer point = generation.equals(tip.generation()) ? tip : candidates.get(i).toHead(tip);
					ChainRestorer.Result result = chainRestorer().restore(point, options.directory());
					Restored restored = result.restored();
					LiveDatabase live = LiveDatabases.open(options, restored.file());
					String fallback = firstProblem == null ? null : "generation " + candidates.get(0).generation()
							+ " of the head cannot be restored (" + firstProblem + ")";
					SnapshotSession session = new SnapshotSession(this, live, branch, result.base(), head, false,
							new RestoreReport(branch, generation, "generation " + generation,
									restored.bytesDownloaded(), elapsed(started), fallback, false),
							result.deltaBytes());
					if (generation.equals(tip.generation())) {
						session.continueChainFromRestoredState();
					}
					return session;
				}
				catch (CorruptSnapshotException ex) {
					if (i == candidates.size() - 1) {
						throw ex;
					}
					firstProblem = firstProblem == null ? ex.problem() : firstProblem;
					log.warn("Generation {} of branch '{}' cannot be restored ({}); falling back to {}", generation,
							branch, ex.getMessage(), candidates.get(i + 1).generation());
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
			HeadRecovery recovery = new HeadRecovery(store, chainRestorer(), heads);
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
			String generation = verified.generation();
			String steps = !verified.hasDeltas() ? ""
					: " and the delta steps after it, up to generation " + generation;
			log.warn("BucketHead: {}. Started from generation {} (created {}), the newest sound generation of the "
					+ "branch{}, and wrote the head again at it{}", why, manifest.generation(), manifest.createdAt(),
					steps, verified.rejected().isEmpty() ? "" : "; newer ones that did not restore: " + verified.rejected());
			String fallback = why + "; restored the newest sound generation of the branch" + steps
					+ " and rewrote the head";
			Optional<SnapshotSession> adopted = adoptLeftover(options, head, generation, verified.base(), started,
					null);
			if (adopted.isPresent()) {
				deleteQuietly(verified.restored());
				return adopted.get();
			}
			LiveDatabase live = LiveDatabases.open(options, verified.restored().file());
			SnapshotSession session = new SnapshotSession(this, live, branch, verified.base(), head, false,
					new RestoreReport(branch, generation, "generation " + generation,
							verified.restored().bytesDownloaded(), elapsed(started), fallback, false),
					verified.deltaBytes());
			if (verified.tip() != null) {
				session.continueChainFromRestoredState();
			}
			return session;
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
				// The tip may be a delta step: its chunks to reuse are its base's.
				String withManifest = head != null && base.equals(head.pointer().generation())
						? head.pointer().effectiveBase() : base;
				try {
					manifest = store.readManifest(withManifest);
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
					true), 0));
		}

		private static Duration elapsed(long started) {
			return Duration.ofNanos(System.nanoTime() - started);
		}

	}

}
