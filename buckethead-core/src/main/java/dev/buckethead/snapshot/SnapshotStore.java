package dev.buckethead.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.ObjectInfo;
import dev.buckethead.bucket.StoredObject;
import dev.buckethead.bucket.UnreferencedObjects;
import dev.buckethead.bucket.WriteCondition;
import dev.buckethead.encryption.BucketEncryption;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes heads and manifests as JSON objects in the bucket, at the keys {@link SnapshotLayout}
 * gives. Knows nothing of chunks' content or of the live database.
 */
public final class SnapshotStore {

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final BucketClient bucket;

	private final SnapshotLayout layout;

	/** Claims are immutable once created: each is read (or written) once per process, not at every gc run. */
	private final ClaimCache claims = new ClaimCache();

	/**
	 * How much of a step object a claim-only read fetches: a delta step's header is a few hundred bytes, its page
	 * data (up to 32 MiB) follows, and gc or head recovery need only the header.
	 */
	static final int CLAIM_PREFIX = 16 * 1024;

	public SnapshotStore(BucketClient bucket, SnapshotLayout layout) {
		this.bucket = bucket;
		this.layout = layout;
	}

	public SnapshotLayout layout() {
		return layout;
	}

	/** The bucket the snapshots are in, as it describes itself: for logs, messages and live files' identity. */
	public String describe() {
		return bucket.describe();
	}

	/** The objects under {@code prefix} (one listing). */
	public List<ObjectInfo> list(String prefix) {
		return bucket.list(prefix);
	}

	/**
	 * Deletes the objects under {@code prefix} that are not {@code referenced} and older than {@code olderThan};
	 * see {@link UnreferencedObjects#sweep}.
	 */
	public UnreferencedObjects.Sweep sweep(String prefix, java.util.function.Predicate<String> referenced,
			java.time.Instant olderThan, boolean dryRun, java.util.function.Consumer<ObjectInfo> kept) {
		UnreferencedObjects.Sweep sweep = UnreferencedObjects.sweep(bucket, prefix, referenced, olderThan, dryRun,
				kept);
		if (!dryRun) {
			claims.removeAll(sweep.unreferenced().stream().map(ObjectInfo::key).toList());
		}
		return sweep;
	}

	/** Like {@link #sweep(String, java.util.function.Predicate, java.time.Instant, boolean, java.util.function.Consumer)}. */
	public UnreferencedObjects.Sweep sweep(String prefix, java.util.function.Predicate<String> referenced,
			java.time.Instant olderThan, boolean dryRun) {
		return sweep(prefix, referenced, olderThan, dryRun, (object) -> {
		});
	}

	/**
	 * Refuses to write a branch that has no head yet, plain, where the snapshots are encrypted (one GET of the
	 * marker; only a plain layout needs it).
	 */
	void requirePlainIfPlain() {
		if (!layout.names().keyed()) {
			BucketEncryption.requirePlain(bucket, layout.encryptionMarkerKey());
		}
	}

	/**
	 * Uploads a chunk object (the format-1 layout) at its content-addressed key. Unconditional on purpose:
	 * rewriting an existing chunk refreshes its age, which keeps gc's grace period from deleting a chunk the
	 * generation being written is about to reference.
	 */
	void writeChunk(String sha256, byte[] compressed, int length) {
		bucket.put(layout.chunkKey(sha256), compressed, length, WriteCondition.none());
	}

	/** Uploads a pack of compressed chunks (unconditional: a pack id is never reused). */
	void writePack(String pack, byte[] data, int length) {
		bucket.put(layout.packKey(pack), data, length, WriteCondition.none());
	}

	/** @throws CorruptSnapshotException when the chunk object does not exist */
	byte[] readChunk(String sha256) {
		String key = layout.chunkKey(sha256);
		return bucket.get(key)
			.orElseThrow(() -> new CorruptSnapshotException(key, "the chunk does not exist in the bucket"))
			.data();
	}

	/**
	 * Opens {@code length} bytes of a pack from {@code offset}.
	 * @throws CorruptSnapshotException when the pack does not exist
	 */
	java.io.InputStream openPack(String pack, long offset, long length) {
		String key = layout.packKey(pack);
		return bucket.openStream(key, offset, length)
			.orElseThrow(() -> new CorruptSnapshotException(key, "the pack does not exist in the bucket"));
	}

	/** Whether the manifest of {@code generation} exists (one HEAD request). */
	boolean hasManifest(String generation) {
		return bucket.head(layout.manifestKey(generation)).isPresent();
	}

	/**
	 * The key of the branch's plain SQLite object (the original library's format) when one is stored there.
	 * @param defaultBranch the branch whose plain object is at the snapshot key itself
	 */
	Optional<String> plainObject(String branch, String defaultBranch) {
		String key = layout.plainKey(branch, defaultBranch);
		return bucket.head(key).map((info) -> key);
	}

	/**
	 * Opens the plain SQLite object at {@code key}.
	 * @throws CorruptSnapshotException when it does not exist (any more)
	 */
	java.io.InputStream openPlain(String key) {
		return bucket.openStream(key)
			.orElseThrow(() -> new CorruptSnapshotException(key, "it disappeared while being imported"));
	}

	/** Uploads {@code image} as the plain SQLite object at {@code key}; returns the bytes sent. */
	long writePlain(dev.buckethead.live.DatabaseImage image, String key, java.nio.file.Path scratch) {
		return new PlainSnapshotWriter(bucket).write(image, key, scratch);
	}

	/** A head as read, with the ETag to make the next write conditional on. */
	public record Head(HeadPointer pointer, String etag) {
	}

	public Optional<Head> readHead(String branch) {
		String key = layout.headKey(branch);
		return bucket.get(key).map((object) -> new Head(parse(object, key, HeadPointer.class), object.etag()));
	}

	/**
	 * Reads a head only if its ETag is no longer {@code etag} (null: read it if it exists): one conditional GET,
	 * answered 304 with no body while the head is unchanged. {@code head} is set only when it changed.
	 */
	public record HeadPoll(dev.buckethead.bucket.ConditionalGet.Outcome outcome, @org.jspecify.annotations.Nullable Head head) {
	}

	/** See {@link HeadPoll}. */
	public HeadPoll pollHead(String branch, @org.jspecify.annotations.Nullable String etag) {
		String key = layout.headKey(branch);
		dev.buckethead.bucket.ConditionalGet answer = bucket.getIfChanged(key, etag);
		return new HeadPoll(answer.outcome(), answer.changedObject()
			.map((object) -> new Head(parse(object, key, HeadPointer.class), object.etag()))
			.orElse(null));
	}

	/** Reads a head like {@link #readHead} but reports an unreadable one (with its ETag) instead of throwing. */
	public HeadState inspectHead(String branch) {
		String key = layout.headKey(branch);
		Optional<StoredObject> object = bucket.get(key);
		if (object.isEmpty()) {
			return HeadState.missing(branch);
		}
		try {
			return HeadState.sound(branch, new Head(parse(object.get(), key, HeadPointer.class), object.get().etag()));
		}
		catch (CorruptSnapshotException ex) {
			return HeadState.damaged(branch, object.get().etag(), ex.problem());
		}
	}

	/** Writes a head if {@code condition} holds; returns the new ETag. */
	public String writeHead(HeadPointer head, WriteCondition condition) {
		return bucket.put(layout.headKey(head.branch()), JSON.writeValueAsBytes(head), condition);
	}

	public void deleteHead(String branch) {
		bucket.delete(layout.headKey(branch));
	}

	/** Every branch that has a head, sorted. */
	public List<String> branches() {
		List<String> branches = new ArrayList<>();
		for (ObjectInfo info : bucket.list(layout.headPrefix())) {
			String branch = layout.branchOfHeadKey(info.key());
			if (branch != null && !branch.contains("/")) {
				branches.add(branch);
			}
		}
		return branches;
	}

	/**
	 * The claim of step {@code sequence} of a branch's lineage, or empty when nobody claimed it yet. Reads both
	 * forms: a JSON claim (a base step) and a delta step ({@link DeltaStepCodec}), whose part is discarded here.
	 */
	public Optional<SuccessorClaim> readSuccessor(String branch, String lineage, long sequence) {
		String key = layout.successorKey(branch, lineage, sequence);
		Optional<SuccessorClaim> known = claims.get(key);
		if (known.isPresent()) {
			return known;
		}
		Optional<SuccessorClaim> read = readClaimOnly(branch, lineage, sequence, key);
		read.ifPresent((claim) -> claims.put(key, claim));
		return read;
	}

	/** The claim from the first {@link #CLAIM_PREFIX} bytes of the step object, else from the whole object. */
	private Optional<SuccessorClaim> readClaimOnly(String branch, String lineage, long sequence, String key) {
		byte[] prefix;
		try (java.io.InputStream in = bucket.openStream(key, 0, CLAIM_PREFIX).orElse(null)) {
			if (in == null) {
				return Optional.empty();
			}
			prefix = in.readAllBytes();
		}
		catch (java.io.IOException ex) {
			throw new dev.buckethead.bucket.BucketException("Cannot read the claim '" + key + "' from "
					+ bucket.describe() + ": " + ex.getMessage(), ex);
		}
		BucketEncryption.refuseIfSealed(key, prefix);
		Optional<SuccessorClaim> header = DeltaStepCodec.isDeltaStep(prefix)
				? DeltaStepCodec.decodeHeader(prefix, key)
				: prefix.length < CLAIM_PREFIX ? Optional.of(parse(prefix, key, SuccessorClaim.class))
						: Optional.empty();
		if (header.isEmpty()) {
			return readStep(branch, lineage, sequence).map(Step::claim);
		}
		return Optional.of(checked(header.get(), key, lineage, sequence));
	}

	/** A step as stored: its claim, and for a delta step the object holding its first part. */
	public record Step(SuccessorClaim claim, DeltaStepCodec.@org.jspecify.annotations.Nullable Decoded delta) {

		/** The delta's first part; only for a delta step. */
		public byte[] firstPart() {
			return java.util.Objects.requireNonNull(delta, "not a delta step").firstPart();
		}

	}

	/** Reads the step like {@link #readSuccessor}, keeping a delta step's first part. */
	public Optional<Step> readStep(String branch, String lineage, long sequence) {
		String key = layout.successorKey(branch, lineage, sequence);
		Optional<StoredObject> object = bucket.get(key);
		if (object.isEmpty()) {
			return Optional.empty();
		}
		byte[] data = plainData(object.get(), key);
		Step step;
		if (DeltaStepCodec.isDeltaStep(data)) {
			DeltaStepCodec.Decoded decoded = DeltaStepCodec.decode(data, key);
			step = new Step(decoded.claim(), decoded);
		}
		else {
			step = new Step(parse(object.get(), key, SuccessorClaim.class), null);
		}
		claims.put(key, checked(step.claim(), key, lineage, sequence));
		return Optional.of(step);
	}

	private static SuccessorClaim checked(SuccessorClaim found, String key, String lineage, long sequence) {
		if (found.format() > SuccessorClaim.FORMAT) {
			throw new CorruptSnapshotException(key, "it has format " + found.format()
					+ ", written by a newer BucketHead than this one (format " + SuccessorClaim.FORMAT + ")");
		}
		if (found.sequence() != sequence || !found.lineage().equals(lineage)) {
			throw new CorruptSnapshotException(key, "it claims step " + found.sequence() + " of lineage "
					+ found.lineage());
		}
		return found;
	}

	/**
	 * Creates a successor claim if none exists for its step.
	 * @throws dev.buckethead.bucket.PreconditionFailedException when the step was already claimed
	 */
	public void writeSuccessor(SuccessorClaim claim) {
		String key = layout.successorKey(claim.branch(), claim.lineage(), claim.sequence());
		bucket.put(key, JSON.writeValueAsBytes(claim), WriteCondition.ifAbsent());
		claims.put(key, claim);
	}

	/**
	 * Creates a delta step (claim and first part in one object) if none exists for its step.
	 * @throws dev.buckethead.bucket.PreconditionFailedException when the step was already claimed
	 */
	public void writeDeltaStep(SuccessorClaim claim, byte[] firstPart, int length) {
		String key = layout.successorKey(claim.branch(), claim.lineage(), claim.sequence());
		bucket.put(key, DeltaStepCodec.encode(claim, firstPart, length), WriteCondition.ifAbsent());
		claims.put(key, claim);
	}

	/** Uploads a further part of a large delta at its content-addressed key, which it returns. */
	public String writeDeltaPart(byte[] part, int length) {
		java.security.MessageDigest sha256 = SnapshotWriter.sha256();
		sha256.update(part, 0, length);
		String key = layout.deltaPartKey(java.util.HexFormat.of().formatHex(sha256.digest()));
		bucket.put(key, part, length, WriteCondition.none());
		return key;
	}

	/** @throws CorruptSnapshotException when the part is missing */
	public byte[] readDeltaPart(String key) {
		return bucket.get(key)
			.orElseThrow(() -> new CorruptSnapshotException(key, "the page-delta part does not exist"))
			.data();
	}

	/**
	 * The steps claimed in each lineage of a branch, newest first (one listing): for rebuilding a lost head,
	 * which must find the steps after a base without a head to start from.
	 */
	public java.util.Map<String, List<Long>> claimedSteps(String branch) {
		java.util.Map<String, List<Long>> steps = new java.util.TreeMap<>();
		String prefix = layout.successorPrefix(branch);
		for (ObjectInfo info : bucket.list(prefix)) {
			long sequence = layout.sequenceOfSuccessorKey(info.key());
			String[] parts = info.key().substring(prefix.length()).split("/");
			if (sequence >= 0 && parts.length == 2) {
				steps.computeIfAbsent(parts[0], (lineage) -> new java.util.ArrayList<>()).add(sequence);
			}
		}
		steps.values().forEach((list) -> list.sort(java.util.Comparator.reverseOrder()));
		return steps;
	}

	/** Deletes every successor claim of a branch, of all its lineages. */
	public void deleteSuccessors(String branch) {
		for (ObjectInfo info : bucket.list(layout.successorPrefix(branch))) {
			bucket.delete(info.key());
			claims.remove(info.key());
		}
	}

	/** @throws CorruptSnapshotException when the manifest is missing or unreadable */
	public Manifest readManifest(String generation) {
		String key = layout.manifestKey(generation);
		StoredObject object = bucket.get(key)
			.orElseThrow(() -> new CorruptSnapshotException(key, "the manifest of generation " + generation
					+ " does not exist"));
		Manifest manifest = parse(object, key, Manifest.class);
		if (manifest.format() > Manifest.FORMAT) {
			throw new CorruptSnapshotException(key, "it has format " + manifest.format()
					+ ", written by a newer BucketHead than this one (format " + Manifest.FORMAT + ")");
		}
		if (!manifest.generation().equals(generation)) {
			throw new CorruptSnapshotException(key, "it describes generation " + manifest.generation());
		}
		return manifest;
	}

	public void writeManifest(Manifest manifest) {
		bucket.put(layout.manifestKey(manifest.generation()), JSON.writeValueAsBytes(manifest),
				WriteCondition.ifAbsent());
	}

	public void deleteManifest(String generation) {
		bucket.delete(layout.manifestKey(generation));
	}

	/**
	 * Stores a sorted list of keys as a content-addressed object (zstd-compressed lines) and returns its hash.
	 * Skips the upload when {@code knownHash} already is that hash.
	 */
	public String writeReferences(java.util.SortedSet<String> keys, @org.jspecify.annotations.Nullable String knownHash) {
		byte[] lines = String.join("\n", keys).getBytes(java.nio.charset.StandardCharsets.UTF_8);
		String hash = java.util.HexFormat.of().formatHex(SnapshotWriter.sha256().digest(lines));
		if (!hash.equals(knownHash)) {
			bucket.put(layout.referencesKey(hash), com.github.luben.zstd.Zstd.compress(lines, 1));
		}
		return hash;
	}

	/** Reads a list written by {@link #writeReferences}. */
	public java.util.Set<String> readReferences(String hash) {
		String key = layout.referencesKey(hash);
		StoredObject object = bucket.get(key)
			.orElseThrow(() -> new CorruptSnapshotException(key, "the reference list does not exist"));
		long size = com.github.luben.zstd.Zstd.getFrameContentSize(plainData(object, key));
		if (size < 0 || size > Integer.MAX_VALUE) {
			throw new CorruptSnapshotException(key, "not a zstd frame with a known size");
		}
		byte[] lines = com.github.luben.zstd.Zstd.decompress(object.data(), (int) size);
		String text = new String(lines, java.nio.charset.StandardCharsets.UTF_8);
		return text.isEmpty() ? java.util.Set.of() : java.util.Set.of(text.split("\n"));
	}

	/**
	 * The object's bytes, refused with an error that names the key id when they are sealed (an encrypted bucket read
	 * without its key), rather than reported as corrupt.
	 */
	private static byte[] plainData(StoredObject object, String key) {
		BucketEncryption.refuseIfSealed(key, object.data());
		return object.data();
	}

	private static <T> T parse(StoredObject object, String key, Class<T> type) {
		return parse(plainData(object, key), key, type);
	}

	private static <T> T parse(byte[] data, String key, Class<T> type) {
		try {
			return JSON.readValue(data, type);
		}
		catch (JacksonException ex) {
			throw new CorruptSnapshotException(key, "it is not valid " + type.getSimpleName() + " JSON ("
					+ ex.getOriginalMessage() + ")");
		}
	}

}
