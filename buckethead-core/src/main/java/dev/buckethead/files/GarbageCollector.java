package dev.buckethead.files;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.ObjectInfo;
import dev.buckethead.encryption.ObjectNames;

/**
 * Deletes the blobs of one {@link FileStore} that nothing needs any more: not referenced by the live
 * {@code filestore} table, not referenced by any generation a branch retains, and older than the grace period.
 * Objects under the prefix whose names are not blob names are never touched. Blobs are handled by name (the key
 * itself, or its keyed name in an encrypted bucket, which cannot be turned back into the key): the guard and the
 * report speak of names.
 * <p>
 * The order of the checks matters. The live table is read before the retained references, so a key that
 * leaves the live table after its check can only be in a generation flushed before the retained references
 * are read (and so is among them) or have come back through a put during the collection (which
 * {@link BlobGuard} excludes).
 */
final class GarbageCollector {

	private final BucketClient bucket;

	private final FileStoreOptions options;

	private final BlobGuard guard;

	private final Supplier<Predicate<String>> referencedLive;

	private final Supplier<Set<String>> retainedReferences;

	private final ObjectNames names;

	/**
	 * @param referencedLive which blob names the live table references (asked again before each deletion)
	 * @param retainedReferences the blob names retained generations reference
	 */
	GarbageCollector(BucketClient bucket, FileStoreOptions options, BlobGuard guard,
			Supplier<Predicate<String>> referencedLive, Supplier<Set<String>> retainedReferences, ObjectNames names) {
		this.bucket = bucket;
		this.options = options;
		this.guard = guard;
		this.referencedLive = referencedLive;
		this.retainedReferences = retainedReferences;
		this.names = names;
	}

	/** Runs one collection; collections of the same store run one at a time. */
	synchronized GcReport collect(GcOptions gcOptions) {
		guard.collectionStarted();
		try {
			List<ObjectInfo> candidates = candidates();
			List<String> candidateKeys = new ArrayList<>();
			List<String> deleted = new ArrayList<>();
			long candidateBytes = 0;
			long deletedBytes = 0;
			for (ObjectInfo candidate : candidates) {
				String name = nameOf(candidate);
				candidateKeys.add(name);
				candidateBytes += candidate.size();
				if (!gcOptions.dryRun() && guard.deleteIfUnclaimed(name, () -> !referencedLive.get().test(name),
						() -> bucket.delete(candidate.key()))) {
					deleted.add(name);
					deletedBytes += candidate.size();
				}
			}
			return new GcReport(gcOptions.dryRun(), candidateKeys, candidateBytes, deleted, deletedBytes);
		}
		finally {
			guard.collectionFinished();
		}
	}

	private List<ObjectInfo> candidates() {
		Instant cutoff = options.clock().instant().minus(options.gcGracePeriod());
		List<ObjectInfo> unreferenced = new ArrayList<>();
		Predicate<String> live = referencedLive.get();
		for (ObjectInfo object : bucket.list(options.objectPrefix())) {
			String name = nameOf(object);
			if (FileKeys.isBlobName(name, names) && object.lastModified().isBefore(cutoff) && !live.test(name)) {
				unreferenced.add(object);
			}
		}
		if (unreferenced.isEmpty()) {
			return unreferenced;
		}
		Set<String> retained = retainedReferences.get();
		unreferenced.removeIf((object) -> retained.contains(nameOf(object)));
		return unreferenced;
	}

	private String nameOf(ObjectInfo object) {
		return object.key().substring(options.objectPrefix().length());
	}

}
