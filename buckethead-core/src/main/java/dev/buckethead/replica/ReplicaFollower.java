package dev.buckethead.replica;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.buckethead.BucketHeadException;
import dev.buckethead.bucket.ConditionalGet;
import dev.buckethead.snapshot.ChunkCodec;
import dev.buckethead.snapshot.CorruptSnapshotException;
import dev.buckethead.snapshot.GenerationIds;
import dev.buckethead.snapshot.HeadPointer;
import dev.buckethead.snapshot.PageDeltaPart;
import dev.buckethead.snapshot.PageDeltaReader;
import dev.buckethead.snapshot.SnapshotReader;
import dev.buckethead.snapshot.SnapshotRepository;
import dev.buckethead.snapshot.SnapshotStore;
import dev.buckethead.snapshot.StepWalk;
import dev.buckethead.snapshot.SuccessorClaim;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one branch into a {@link ReplicaFile}: each poll makes one request ({@link FollowDecisions}); new
 * delta steps are read and verified part by part, merged ({@link PageBatch}) and applied in one exclusive
 * section; a base step (compaction) or a new lineage restores the branch's state into a scratch file and copies
 * only the pages that differ. Single-threaded: {@link #poll()} is called by one thread at a time.
 */
final class ReplicaFollower implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ReplicaFollower.class);

	/** The point served: where the next step is looked for. */
	private record Point(String lineage, long sequence, String generation, String base, Instant commitTime) {
	}

	private final String branch;

	private final SnapshotRepository repository;

	private final SnapshotStore store;

	private final ReplicaSettings settings;

	private final Clock clock;

	private final Path scratch;

	private final PageDeltaReader deltas = new PageDeltaReader(new ChunkCodec(1));

	private final List<ReplicaListener> listeners = new CopyOnWriteArrayList<>();

	private final Instant startedAt;

	private final ReplicaFile file;

	private final StepWalk walk;

	private volatile @Nullable Point point;

	private @Nullable String headEtag;

	private int emptyPolls;

	private volatile @Nullable Instant currentAsOf;

	private volatile long appliedSteps;

	private volatile boolean branchMissing;

	private volatile @Nullable String lastError;

	/** Restores the branch's current state (or starts empty while it has no head) into a new live file. */
	ReplicaFollower(String branch, SnapshotRepository repository, Path directory, @Nullable Path namedFile,
			ReplicaSettings settings, java.time.Duration busyTimeout, Clock clock) {
		this.branch = branch;
		this.repository = repository;
		this.store = repository.store();
		this.walk = repository.stepWalk();
		this.settings = settings;
		this.clock = clock;
		this.startedAt = clock.instant();
		this.scratch = directory.resolve("replicas").resolve("scratch");
		createScratch();
		Instant asked = clock.instant();
		Optional<SnapshotStore.Head> state = repository.state(branch);
		Path initial = null;
		if (state.isPresent()) {
			initial = repository.restoreState(state.get().pointer(), scratch).file();
			point = pointOf(state.get().pointer());
			headEtag = state.get().etag();
			currentAsOf = asked;
		}
		this.file = ReplicaFile.create(directory, namedFile, branch, initial, busyTimeout);
	}

	void addListener(ReplicaListener listener) {
		listeners.add(listener);
	}

	ReplicaFile file() {
		return file;
	}

	/** One poll: one request, then as many as new steps need. */
	synchronized void poll() {
		try {
			Point current = point;
			if (file.damaged()) {
				resync();
				lastError = null;
				return;
			}
			FollowDecisions.Request request = FollowDecisions.nextRequest(current != null, emptyPolls,
					settings.headCheckPolls());
			if (request == FollowDecisions.Request.NEXT_STEP) {
				catchUp(current);
			}
			else {
				checkHead(current);
			}
			lastError = null;
		}
		catch (RuntimeException ex) {
			lastError = ex.getMessage();
			listeners.forEach((listener) -> listener.onPollFailed(ex));
			throw ex;
		}
	}

	private void checkHead(@Nullable Point current) {
		Instant asked = clock.instant();
		SnapshotStore.HeadPoll poll = store.pollHead(branch, headEtag);
		if (poll.outcome() == ConditionalGet.Outcome.NOT_MODIFIED) {
			emptyPolls++;
			return;
		}
		HeadPointer head = poll.head() == null ? null : poll.head().pointer();
		headEtag = poll.head() == null ? null : poll.head().etag();
		FollowDecisions.Verdict verdict = FollowDecisions.judge(current == null ? null : current.lineage(),
				current == null ? 0 : current.sequence(), current == null ? null : current.generation(), head);
		branchMissing = verdict == FollowDecisions.Verdict.BRANCH_GONE || (head == null && current == null);
		switch (verdict) {
			case CURRENT, BRANCH_GONE -> {
				emptyPolls++;
				if (verdict == FollowDecisions.Verdict.CURRENT && current != null) {
					currentAsOf = asked;
				}
			}
			case STEPS_AHEAD -> catchUp(current);
			case RESYNC -> resync();
		}
	}

	/**
	 * Reads the steps after {@code current} until one is missing, applying them in batches: in the windows of
	 * {@link StepWalk} (one GET when nothing is new, as before; a long way behind in a few round trips).
	 */
	private void catchUp(Point current) {
		Point[] at = { current };
		PageBatch[] batch = { null };
		long[] downloaded = { 0 };
		SuccessorClaim[] stopped = { null };
		// Before the walk: no later than the read that finds the end, so "current as of" never claims too much.
		Instant asked = clock.instant();
		walk.steps(store, branch, current.lineage(), current.sequence() + 1, current.sequence(), Long.MAX_VALUE / 2,
				(sequence, step) -> {
					SuccessorClaim claim = step.claim();
					boolean fits = claim.isDelta() && claim.after().equals(at[0].generation())
							&& (batch[0] == null || batch[0].bytes() < settings.maxBatchBytes());
					if (!fits) {
						stopped[0] = claim;
						return false;
					}
					if (batch[0] == null) {
						batch[0] = new PageBatch(claim.pageSize());
					}
					batch[0].beginStep(claim.pageCount(), claim.pageSize());
					downloaded[0] += readParts(step, batch[0]);
					at[0] = new Point(at[0].lineage(), claim.sequence(), claim.generation(), claim.base(),
							claim.createdAt());
					return true;
				});
		if (batch[0] != null) {
			emptyPolls = 0;
			apply(current, at[0], batch[0], downloaded[0]);
		}
		SuccessorClaim claim = stopped[0];
		if (claim == null) {
			if (batch[0] == null) {
				emptyPolls++;
			}
			currentAsOf = asked;
			return;
		}
		emptyPolls = 0;
		if (claim.isDelta() && claim.after().equals(at[0].generation())) {
			// The batch was full: go on from the point just applied.
			catchUp(point);
			return;
		}
		// A base step (compaction), or a step that does not follow: restore the branch's state.
		resync();
	}

	/** Reads and verifies a delta step's parts into the batch; returns the bytes fetched. */
	private long readParts(SnapshotStore.Step step, PageBatch batch) {
		SuccessorClaim claim = step.claim();
		String key = store.layout().successorKey(branch, claim.lineage(), claim.sequence());
		byte[] part = step.firstPart();
		long fetched = part.length;
		PageDeltaPart previous = read(part, key, null, batch);
		for (String extra : claim.extraParts()) {
			byte[] next = store.readDeltaPart(extra);
			fetched += next.length;
			previous = read(next, extra, previous, batch);
		}
		if (!previous.isLast() || previous.pageCount() != claim.pageCount()) {
			throw new CorruptSnapshotException(key, "its parts do not make a whole delta of " + claim.pageCount()
					+ " pages");
		}
		return fetched;
	}

	private PageDeltaPart read(byte[] part, String key, @Nullable PageDeltaPart previous, PageBatch batch) {
		try {
			return deltas.read(part, key, previous, batch::put);
		}
		catch (java.io.IOException ex) {
			throw new CorruptSnapshotException(key, "it cannot be read (" + ex.getMessage() + ")");
		}
	}

	private void apply(Point from, Point to, PageBatch batch, long downloaded) {
		ReplicaFile.Written written = file.apply(batch);
		served(from, to, batch.steps(), written, downloaded, false);
	}

	/** Restores the branch's current state afresh and loads the pages that differ. */
	private void resync() {
		Point before = point;
		Instant asked = clock.instant();
		Optional<SnapshotStore.Head> state = repository.state(branch);
		if (state.isEmpty()) {
			branchMissing = true;
			return;
		}
		SnapshotReader.Restored restored = repository.restoreState(state.get().pointer(), scratch);
		try {
			ReplicaFile.Written written = file.replaceFrom(restored.file());
			headEtag = state.get().etag();
			served(before, pointOf(state.get().pointer()), 1, written, restored.bytesDownloaded(), true);
			currentAsOf = asked;
			emptyPolls = 0;
		}
		finally {
			SnapshotReader.deleteQuietly(restored.file());
		}
	}

	private void served(@Nullable Point from, Point to, int steps, ReplicaFile.Written written, long downloaded,
			boolean resync) {
		point = to;
		branchMissing = false;
		appliedSteps += steps;
		ReplicaApplied event = new ReplicaApplied(branch, from == null ? null : from.generation(), to.generation(),
				to.sequence(), steps, written.pages(), downloaded, resync, written.held());
		log.debug("Replica of '{}' applied {}", branch, event);
		for (ReplicaListener listener : listeners) {
			try {
				listener.onApplied(event);
			}
			catch (RuntimeException ex) {
				log.warn("A replica listener failed: {}", ex.toString());
			}
		}
	}

	private static Point pointOf(HeadPointer state) {
		return new Point(state.effectiveLineage(), state.effectiveSequence(), state.generation(), state.effectiveBase(),
				GenerationIds.createdAt(state.generation()));
	}

	ReplicaStatus status() {
		Point current = point;
		Instant asOf = currentAsOf;
		Duration lag = Duration.between(asOf == null ? startedAt : asOf, clock.instant());
		if (lag.isNegative()) {
			lag = Duration.ZERO;
		}
		boolean healthy = current != null && !branchMissing && lag.compareTo(settings.maxLag()) <= 0;
		return new ReplicaStatus(branch, current == null ? null : current.generation(),
				current == null ? 0 : current.sequence(), current == null ? null : current.commitTime(), asOf, lag,
				appliedSteps, healthy, branchMissing, lastError);
	}

	private void createScratch() {
		try {
			Files.createDirectories(scratch);
		}
		catch (java.io.IOException ex) {
			throw new BucketHeadException("Cannot create the replica's scratch directory " + scratch + ": "
					+ ex.getMessage(), ex);
		}
	}

	@Override
	public void close() {
		file.close();
	}

}
