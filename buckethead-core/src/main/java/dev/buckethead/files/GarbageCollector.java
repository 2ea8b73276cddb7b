package dev.buckethead.files;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.ObjectInfo;

/**
 * Deletes the blobs of one {@link FileStore} that nothing needs any more: not referenced by the live
 * {@code filestore} table, not referenced by any generation a branch retains, and older than the grace period.
 * Objects under the prefix whose names are not keys are never touched.
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

	private final Predicate<String> referencedLive;

	private final Supplier<Set<String>> retainedReferences;

	GarbageCollector(BucketClient bucket, FileStoreOptions options, BlobGuard guard, Predicate<String> referencedLive,
			Supplier<Set<String>> retainedReferences) {
		this.bucket = bucket;
		this.options = options;
		this.guard = guard;
		this.referencedLive = referencedLive;
		this.retainedReferences = retainedReferences;
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
				String key = keyOf(candidate);
				candidateKeys.add(key);
				candidateBytes += candidate.size();
				if (!gcOptions.dryRun() && guard.deleteIfUnclaimed(key, () -> !referencedLive.test(key),
						() -> bucket.delete(candidate.key()))) {
					deleted.add(key);
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
		for (ObjectInfo object : bucket.list(options.objectPrefix())) {
			String name = keyOf(object);
			if (FileKeys.isKey(name) && object.lastModified().isBefore(cutoff) && !referencedLive.test(name)) {
				unreferenced.add(object);
			}
		}
		if (unreferenced.isEmpty()) {
			return unreferenced;
		}
		Set<String> retained = retainedReferences.get();
		unreferenced.removeIf((object) -> retained.contains(keyOf(object)));
		return unreferenced;
	}

	private String keyOf(ObjectInfo object) {
		return object.key().substring(options.objectPrefix().length());
	}

}
