package dev.buckethead.snapshot;

import java.util.List;

import dev.buckethead.config.BucketHeadConfigException;
import dev.buckethead.encryption.ObjectNames;

/**
 * Where each part of a snapshot lives in the bucket, all under {@code <snapshotKey>.bh/} (see
 * {@code docs/bucket-layout.md}). The snapshot key itself is left free for the plain SQLite object the
 * original Python library writes, which BucketHead imports.
 *
 * @param snapshotKey the configured snapshot key, e.g. {@code buckethead.db} or {@code apps/shop/db.sqlite}
 * @param names how content-addressed objects are named from their hashes: the hashes themselves, or keyed names
 * when the bucket is encrypted (so the names do not reveal content)
 */
public record SnapshotLayout(String snapshotKey, ObjectNames names) {

	public static final String DEFAULT_SNAPSHOT_KEY = "buckethead.db";

	/** The branch a database starts on, and the one restored when none is named. */
	public static final String DEFAULT_BRANCH = "main";

	public SnapshotLayout {
		if (snapshotKey == null || snapshotKey.isBlank() || snapshotKey.startsWith("/") || snapshotKey.endsWith("/")
				|| snapshotKey.contains("//") || snapshotKey.chars().anyMatch(Character::isISOControl)) {
			throw new BucketHeadConfigException(List.of("snapshot key '" + snapshotKey
					+ "' is invalid: use a non-empty object key that neither starts nor ends with '/', "
					+ "such as 'buckethead.db' or 'apps/shop/db.sqlite'"));
		}
		java.util.Objects.requireNonNull(names, "names");
	}

	/** A plain bucket's layout: content-addressed objects are named by their SHA-256. */
	public SnapshotLayout(String snapshotKey) {
		this(snapshotKey, ObjectNames.identity());
	}

	/** This layout with content-addressed objects named by {@code names}. */
	public SnapshotLayout withNames(ObjectNames names) {
		return new SnapshotLayout(snapshotKey, names);
	}

	/** The folder holding everything of the incremental format. */
	public String root() {
		return snapshotKey + ".bh/";
	}

	public String chunkPrefix() {
		return root() + "chunks/";
	}

	/** Chunks fan out by the first two hex digits so no listing page holds all of them. */
	public String chunkKey(String sha256) {
		String name = names.of(sha256);
		return chunkPrefix() + name.substring(0, 2) + "/" + name;
	}

	public String packPrefix() {
		return root() + "packs/";
	}

	/**
	 * A pack: the zstd frames of chunks one flush uploaded, back to back (see {@link ChunkLocation}). Its id is
	 * {@code <generation>/<index>-<random>}, so a pack names the flush that wrote it and is never written twice.
	 */
	public String packKey(String packId) {
		return packPrefix() + packId;
	}

	/** The pack id a pack key holds, or null when the key is not a pack. */
	public String packIdOfKey(String key) {
		return key.startsWith(packPrefix()) ? key.substring(packPrefix().length()) : null;
	}

	public String referencesPrefix() {
		return root() + "refs/";
	}

	/** A list of keys some generations refer to, content-addressed like chunks. */
	public String referencesKey(String sha256) {
		return referencesPrefix() + names.of(sha256);
	}

	public String deltaPartPrefix() {
		return root() + "deltas/";
	}

	/** A page-delta part beyond the first of a large delta step, content-addressed by its SHA-256. */
	public String deltaPartKey(String sha256) {
		return deltaPartPrefix() + names.of(sha256);
	}

	public String manifestPrefix() {
		return root() + "manifests/";
	}

	public String manifestKey(String generation) {
		return manifestPrefix() + generation + ".json";
	}

	public String successorPrefix() {
		return root() + "successors/";
	}

	/** Where the successor claims of a branch live (the fencing of concurrent writers), of all its lineages. */
	public String successorPrefix(String branch) {
		return successorPrefix() + branch + "/";
	}

	/** Where the successor claims of one lineage of a branch live. */
	public String successorPrefix(String branch, String lineage) {
		return successorPrefix(branch) + lineage + "/";
	}

	/**
	 * The claim of step {@code sequence} of a branch's lineage: created only with If-None-Match, so exactly one
	 * writer can claim each step (see {@link SuccessorClaim}). Sequential, zero-padded keys sort in step order and
	 * let a reader that knows one step ask for the next without listing. No extension: the key names the step,
	 * whatever form the object that claims it takes.
	 */
	public String successorKey(String branch, String lineage, long sequence) {
		return successorPrefix(branch, lineage) + String.format(java.util.Locale.ROOT, "%020d", sequence);
	}

	/** The step a successor key claims, or -1 when the key is not one. */
	public long sequenceOfSuccessorKey(String key) {
		if (!key.startsWith(successorPrefix())) {
			return -1;
		}
		String last = key.substring(key.lastIndexOf('/') + 1);
		return last.length() == 20 && last.chars().allMatch(Character::isDigit) ? Long.parseLong(last) : -1;
	}

	/**
	 * The bucket's encryption marker: present when the snapshots under {@link #root()} are encrypted, sealed with the
	 * key ring (so it is authenticated), holding the name key (see {@code docs/encryption.md}).
	 */
	public String encryptionMarkerKey() {
		return root() + "encryption.json";
	}

	public String headPrefix() {
		return root() + "heads/";
	}

	public String headKey(String branch) {
		return headPrefix() + branch + ".json";
	}

	/** The branch a head key belongs to, or null when the key is not a head. */
	public String branchOfHeadKey(String key) {
		if (!key.startsWith(headPrefix()) || !key.endsWith(".json")) {
			return null;
		}
		return key.substring(headPrefix().length(), key.length() - ".json".length());
	}

	/** The generation a manifest key holds, or null when the key is not a manifest. */
	public String generationOfManifestKey(String key) {
		if (!key.startsWith(manifestPrefix()) || !key.endsWith(".json")) {
			return null;
		}
		return key.substring(manifestPrefix().length(), key.length() - ".json".length());
	}

	/**
	 * Where a plain SQLite file for {@code branch} is (the original library's format, and this library's
	 * {@code plain} mode): the snapshot key itself for the default branch, {@code <key>@<branch>} otherwise.
	 */
	public String plainKey(String branch, String defaultBranch) {
		return branch.equals(defaultBranch) ? snapshotKey : snapshotKey + "@" + branch;
	}

}
