package dev.buckethead.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.buckethead.BucketHeadException;
import dev.buckethead.branch.BranchException;
import dev.buckethead.branch.BranchNames;
import dev.buckethead.branch.BranchNotFoundException;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.config.EngineSettings;
import dev.buckethead.live.DatabaseImage;
import dev.buckethead.live.FileImages;
import dev.buckethead.snapshot.SnapshotReader.Restored;
import dev.buckethead.snapshot.SnapshotStore.Head;

/**
 * The snapshots in a bucket, without a live database: what an operator needs while the application is down
 * (the command-line tool is built on it). Inspect branches and generations, restore one to a plain SQLite file,
 * import a file as a new generation (conditional on the head, like any flush), prune and gc.
 */
public final class SnapshotRepository implements AutoCloseable {

	/** The name of the repository's I/O threads. */
	private static final String IO_THREADS = "buckethead-repository-io-";

	private final SnapshotEngine engine;

	private final SnapshotStore store;

	private final BranchHeads heads;

	private final Clock clock;

	private final String defaultBranch;

	/** A repository whose gc and imports keep what {@link RetentionPolicy#DEFAULTS} keeps. */
	public SnapshotRepository(BucketClient bucket, String snapshotKey, int keepGenerations,
			List<ReferenceSource> referenceSources) {
		this(SnapshotEngine.open(bucket, SnapshotEngine.Settings.of(snapshotKey, keepGenerations, null), IO_THREADS,
				referenceSources));
	}

	/** A repository over a snapshot key opened (plain or encrypted) by {@link SnapshotBucket#open}. */
	public SnapshotRepository(SnapshotBucket bucket, int keepGenerations, List<ReferenceSource> referenceSources) {
		this(SnapshotEngine.over(bucket, SnapshotEngine.Settings.of(bucket.layout().snapshotKey(), keepGenerations,
				null), IO_THREADS, referenceSources));
	}

	/**
	 * @param retention what gc and imports keep as points age: the applications' policy, so that gc keeps what
	 * their flushes retain
	 * @param clock what ages count from
	 */
	public SnapshotRepository(BucketClient bucket, String snapshotKey, int keepGenerations, RetentionPolicy retention,
			Clock clock, List<ReferenceSource> referenceSources) {
		this(SnapshotBucket.open(bucket, snapshotKey, null), keepGenerations, retention, clock, referenceSources);
	}

	/** Like the above, over a snapshot key opened (plain or encrypted) by {@link SnapshotBucket#open}. */
	public SnapshotRepository(SnapshotBucket bucket, int keepGenerations, RetentionPolicy retention, Clock clock,
			List<ReferenceSource> referenceSources) {
		this(SnapshotEngine.over(bucket, new SnapshotEngine.Settings(EngineSettings.defaults()
			.withSnapshotKey(bucket.layout().snapshotKey())
			.withKeepGenerations(keepGenerations), null, retention, clock), IO_THREADS, referenceSources));
	}

	/** A repository on {@code engine}, which it owns: {@link #close()} closes it. */
	public SnapshotRepository(SnapshotEngine engine) {
		this.engine = engine;
		this.store = engine.store();
		this.heads = engine.heads();
		this.clock = engine.clock();
		this.defaultBranch = SnapshotLayout.DEFAULT_BRANCH;
	}

	public SnapshotLayout layout() {
		return store.layout();
	}

	/** Every branch with a head, sorted. */
	public List<String> branches() {
		return heads.branches();
	}

	public Optional<HeadPointer> head(String branch) {
		return heads.read(BranchNames.validate(branch)).map(Head::pointer);
	}

	/**
	 * The branch's current state: its head moved forward along the successor claims past it (the ETag is the
	 * head object's), or empty when the branch has no head. What a replica starts from.
	 */
	public Optional<SnapshotStore.Head> state(String branch) {
		return heads.read(BranchNames.validate(branch));
	}

	/**
	 * Restores exactly {@code state} (a base, or a base and its delta steps) to a verified scratch file in
	 * {@code directory}, which the caller owns.
	 * @throws CorruptSnapshotException naming the first missing or damaged object
	 */
	public SnapshotReader.Restored restoreState(HeadPointer state, Path directory) {
		return engine.chains().restore(state, directory).restored();
	}

	/** The store the repository reads through, for step-by-step readers such as replicas. */
	/** How this repository reads a lineage's steps: in parallel windows on its I/O threads. */
	public StepWalk stepWalk() {
		return heads.walk();
	}

	public SnapshotStore store() {
		return store;
	}

	/** The head of {@code branch} as found: sound, missing or unreadable. */
	public HeadState headState(String branch) {
		return heads.inspect(BranchNames.validate(branch));
	}

	/**
	 * Every restorable point of a branch, newest first: its retained bases and the delta steps whose chain to one
	 * is complete.
	 */
	public List<BranchPoint> points(String branch) {
		HeadPointer head = head(branch).orElseThrow(() -> noSuchBranch(branch));
		return BranchPoints.read(store, head, heads.walk()).points();
	}

	/** The manifests a branch retains, newest first. */
	public List<Manifest> generations(String branch) {
		HeadPointer head = head(branch).orElseThrow(() -> noSuchBranch(branch));
		List<Manifest> manifests = new ArrayList<>();
		for (String generation : head.retained()) {
			manifests.add(store.readManifest(generation));
		}
		return manifests;
	}

	public Manifest manifest(String generation) {
		return store.readManifest(generation);
	}

	/** Whether a plain SQLite object (the original library's format) is at the branch's plain key. */
	public Optional<String> plainObject(String branch) {
		return store.plainObject(branch, defaultBranch);
	}

	/**
	 * Restores a generation of {@code branch} to {@code out} as a plain, verified SQLite file. A named generation
	 * restores without a readable head, as long as its manifest is in the bucket.
	 * @param force overwrite {@code out} if it exists
	 * @return the manifest restored (null when a plain object was restored)
	 */
	public Restoration restoreTo(String branch, RestorePoint point, Path out, boolean force) {
		if (Files.exists(out) && !force) {
			throw new BucketHeadException("Refusing to overwrite " + out + " (it exists); pass force to replace it");
		}
		Path directory = out.toAbsolutePath().getParent();
		HeadState state = heads.inspect(BranchNames.validate(branch));
		Restored restored;
		Manifest manifest = null;
		String generation = null;
		String named = point.namedGeneration();
		List<BranchPoint> points = state.isSound()
				? BranchPoints.forRestore(store, state.head().pointer(), point) : List.of();
		if (state.isSound() && (named == null || points.stream().anyMatch((p) -> p.generation().equals(named)))) {
			HeadPointer tip = state.head().pointer();
			BranchPoint chosen = BranchPoints.candidates(branch, points, point).get(0);
			ChainRestorer.Result result = engine.chains().restore(
					chosen.generation().equals(tip.generation()) ? tip : chosen.toHead(tip), directory);
			manifest = result.base();
			restored = result.restored();
			generation = chosen.generation();
		}
		else if (named != null) {
			manifest = store.readManifest(named);
			generation = named;
			if (!manifest.branch().equals(branch)) {
				throw new BucketHeadException("Generation " + named + " belongs to branch '" + manifest.branch()
						+ "', not '" + branch + "'");
			}
			restored = engine.reader().restore(manifest, directory);
		}
		else {
			List<Manifest> manifests = SnapshotInventory.read(store, heads).manifestsOf(branch);
			if (!state.isMissing() || !manifests.isEmpty()) {
				throw withoutHead(branch, state, manifests);
			}
			String key = plainObject(branch).orElseThrow(() -> noSuchBranch(branch));
			restored = engine.reader().importPlain(key, directory);
		}
		try {
			markRollbackJournal(restored.file());
			Files.move(restored.file(), out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new BucketHeadException("Cannot write " + out + ": " + ex, ex);
		}
		return new Restoration(out, manifest, restored.bytesDownloaded(), generation);
	}

	/** Why a branch without a readable head cannot be restored "latest", and what to do instead. */
	private BucketHeadException withoutHead(String branch, HeadState state, List<Manifest> manifests) {
		List<String> newest = manifests.stream()
			.limit(3)
			.map(Manifest::generation)
			.toList();
		return new BucketHeadException("The head of branch '" + branch + "' is " + state.describeProblem()
				+ (newest.isEmpty() ? " and the bucket holds no manifest of it"
						: "; restore one of its generations by name (newest first: " + String.join(", ", newest)
								+ "), or rebuild the head with '" + HeadRecovery.command(branch, layout().snapshotKey())
								+ "'"));
	}

	/**
	 * What {@link #repairHead} found and did.
	 *
	 * @param before the head as found
	 * @param chosen the newest generation that restored soundly, or null when the head was sound (nothing to do)
	 * @param retained what the new head retains (or, in a dry run, would)
	 * @param rejected newer generations that did not restore soundly
	 * @param applied whether the head was written
	 */
	public record HeadRepair(String branch, HeadState before, @org.jspecify.annotations.Nullable Manifest chosen,
			@org.jspecify.annotations.Nullable String tip, List<String> retained, List<HeadRecovery.Rejected> rejected,
			boolean applied) {
	}

	/**
	 * Rebuilds a missing or unreadable head from the newest manifest of the branch that restores soundly (every
	 * chunk present and hash-verified, quick_check). A sound head is left alone.
	 * @param apply write the head (conditionally on what was found); false verifies and reports only
	 */
	public HeadRepair repairHead(String branch, boolean apply) {
		HeadState state = heads.inspect(BranchNames.validate(branch));
		if (state.isSound()) {
			return new HeadRepair(branch, state, null, null, state.head().pointer().retained(), List.of(), false);
		}
		List<Manifest> candidates = SnapshotInventory.read(store, heads).manifestsOf(branch);
		HeadRecovery recovery = new HeadRecovery(store, engine.chains(), heads);
		Path scratch = createScratchDirectory();
		try {
			HeadRecovery.Verified verified = recovery.newestSound(branch, candidates, scratch,
					store.layout().headKey(branch));
			List<String> retained = recovery.retained(verified, candidates);
			if (apply) {
				retained = recovery.writeHead(state, verified, candidates).pointer().retained();
			}
			String tip = verified.hasDeltas() ? verified.generation() : null;
			return new HeadRepair(branch, state, verified.manifest(), tip, retained, verified.rejected(), apply);
		}
		finally {
			deleteRecursively(scratch);
		}
	}

	/** Every head and manifest in the bucket, read once: for looking at branches whose head is missing or unreadable. */
	public SnapshotInventory inventory() {
		return SnapshotInventory.read(store, heads);
	}

	/**
	 * A restored file and where it came from.
	 * @param manifest the base restored (with the deltas of {@code generation} applied); null for a plain object
	 * @param generation the point restored: the base's generation, or a delta step's; null for a plain object
	 */
	public record Restoration(Path file, Manifest manifest, long bytesDownloaded, String generation) {
	}

	/**
	 * Uploads a plain SQLite file as a new generation of {@code branch} (creating the branch if needed),
	 * conditional on the head it read: a concurrent writer makes this fail rather than be overwritten.
	 */
	public Manifest importFile(Path file, String branch) {
		BranchNames.validate(branch);
		SnapshotReader.verifyDatabase(file, fileSize(file), -1, file.toString());
		Head expected = heads.read(branch).orElse(null);
		if (expected == null) {
			store.requirePlainIfPlain();
		}
		Manifest previous = expected == null ? null : store.readManifest(expected.pointer().effectiveBase());
		CollectedReferences references = new CollectedReferences(engine.referenceSources());
		try (DatabaseImage image = FileImages.of(file, references)) {
			Instant now = clock.instant();
			SnapshotWriter.Written written = engine.writer().write(image, references, previous, branch,
					GenerationIds.next(now), now);
			if (written.manifest() == previous && !expected.pointer().isDelta()) {
				return previous;
			}
			heads.advance(branch, written.manifest().generation(), expected);
			return written.manifest();
		}
	}

	/** Creates {@code name} pointing at {@code from}'s current generation. */
	public void createBranch(String name, String from) {
		createBranch(name, from, RestorePoint.latest());
	}

	/**
	 * Creates {@code name} at a retained point of {@code from} (its latest, a named generation, or the newest point
	 * at or before a time), without copying the database: the new head points at the point's base when the point
	 * is one, and at a base compacted from bucket objects when it is a delta step (only the chunks its deltas
	 * changed are uploaded; {@code from} is left as it is).
	 * @throws NoRestorePointException when {@code from} retains no such point
	 */
	public void createBranch(String name, String from, RestorePoint point) {
		BranchNames.validate(name);
		HeadPointer source = head(from).orElseThrow(() -> noSuchBranch(from));
		if (heads.read(name).isPresent()) {
			throw new BranchException("Branch '" + name + "' already exists");
		}
		BranchPoint chosen = BranchPoints.candidates(from, BranchPoints.forRestore(store, source, point), point)
			.get(0);
		// A new head has no chain of its own: the branch starts from a base of the point's state.
		Manifest base = engine.compactor().compact(source, chosen, scratchDirectory());
		heads.advance(name, base.generation(), null);
	}

	/**
	 * Turns the delta steps the retention policy keeps only as an hour's or a day's point into bases compacted from
	 * bucket objects, and retains them in the head (conditionally), so that gc can let their chains go.
	 * @return the generations made bases, newest first
	 * @throws SnapshotConflictException when a writer moved the head meanwhile (nothing is lost: run it again)
	 */
	public List<String> compact(String branch) {
		Head head = heads.read(BranchNames.validate(branch)).orElseThrow(() -> noSuchBranch(branch));
		List<BranchPoint> points = BranchPoints.read(store, head.pointer(), heads.walk()).points();
		List<String> compacted = new ArrayList<>();
		for (BranchPoint candidate : heads.plan(points).compactions()) {
			Manifest manifest = engine.compactor().compact(head.pointer(), candidate, scratchDirectory());
			if (manifest.generation().equals(candidate.generation())) {
				compacted.add(candidate.generation());
			}
		}
		if (!compacted.isEmpty()) {
			heads.retain(head, compacted);
		}
		return compacted;
	}

	private static Path scratchDirectory() {
		return Path.of(System.getProperty("java.io.tmpdir"));
	}

	public void deleteBranch(String name) {
		if (heads.read(BranchNames.validate(name)).isEmpty()) {
			throw noSuchBranch(name);
		}
		heads.delete(name);
	}

	/**
	 * Keeps only the newest {@code keep} generations of {@code branch} (conditional on its head); the manifests
	 * dropped are deleted unless another branch retains them.
	 * @return the generations dropped
	 */
	public List<String> prune(String branch, int keep) {
		if (keep < 1) {
			throw new BucketHeadException("keep must be at least 1, got " + keep);
		}
		Head head = heads.read(BranchNames.validate(branch)).orElseThrow(() -> noSuchBranch(branch));
		List<String> retained = head.pointer().retained();
		if (retained.size() <= keep) {
			return List.of();
		}
		BranchHeads pruning = new BranchHeads(store, keep, clock);
		pruning.advance(branch, head.pointer().generation(), head);
		return List.copyOf(retained.subList(keep, retained.size()));
	}

	/** Deletes unreferenced snapshot objects older than {@code grace}; see {@link SnapshotGc}. */
	public SnapshotGc.Report gc(Duration grace, boolean dryRun) {
		return gc(grace, dryRun, false);
	}

	/**
	 * Like {@link #gc(Duration, boolean)}.
	 * @param deleteHeadless also delete manifests no head retains because a head is missing or unreadable
	 */
	public SnapshotGc.Report gc(Duration grace, boolean dryRun, boolean deleteHeadless) {
		return engine.gc().collect(grace, dryRun, deleteHeadless);
	}

	/** Everything retained generations need, for gc of objects outside the snapshot (FileStore blobs). */
	public RetainedGenerations retained() {
		return engine.retained();
	}

	@Override
	public void close() {
		engine.close();
	}

	private static BranchException noSuchBranch(String branch) {
		return new BranchNotFoundException("Branch '" + branch + "' does not exist in this bucket");
	}

	private static Path createScratchDirectory() {
		try {
			return Files.createTempDirectory("buckethead-repair-");
		}
		catch (IOException ex) {
			throw new BucketHeadException("Cannot create a temporary directory: " + ex, ex);
		}
	}

	private static void deleteRecursively(Path directory) {
		try (var paths = Files.walk(directory)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ignored) {
			// A temporary directory left behind is harmless.
		}
	}

	private static long fileSize(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new BucketHeadException("Cannot read " + file + ": " + ex, ex);
		}
	}

	/** A restored file carries the live storage's WAL flag; a plain file for other tools should not need -wal. */
	private static void markRollbackJournal(Path file) {
		try (var connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, new java.util.Properties());
				var statement = connection.createStatement()) {
			statement.execute("PRAGMA journal_mode=DELETE");
		}
		catch (java.sql.SQLException ex) {
			throw new BucketHeadException("Cannot finish " + file + ": " + ex.getMessage(), ex);
		}
	}

}
