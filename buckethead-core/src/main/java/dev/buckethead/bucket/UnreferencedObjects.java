package dev.buckethead.bucket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The one sweep every gc uses: under a prefix, delete the objects nothing references that are older than a
 * cut-off. The cut-off is the grace period that protects objects uploaded by an operation still in flight,
 * whose reference is not recorded yet.
 */
public final class UnreferencedObjects {

	private UnreferencedObjects() {
	}

	/** What a sweep found (and deleted, unless it was a dry run). */
	public record Sweep(List<ObjectInfo> unreferenced, boolean dryRun) {

		public long bytes() {
			return unreferenced.stream().mapToLong(ObjectInfo::size).sum();
		}

	}

	/**
	 * @param referenced whether a key is still needed
	 * @param olderThan only objects last modified before this are deleted
	 */
	public static Sweep sweep(BucketClient bucket, String prefix, Predicate<String> referenced, Instant olderThan,
			boolean dryRun) {
		return sweep(bucket, prefix, referenced, olderThan, dryRun, (object) -> {
		});
	}

	/**
	 * As above, also handing each referenced object to {@code kept}, for a report of what is kept.
	 */
	public static Sweep sweep(BucketClient bucket, String prefix, Predicate<String> referenced, Instant olderThan,
			boolean dryRun, Consumer<ObjectInfo> kept) {
		List<ObjectInfo> unreferenced = new ArrayList<>();
		for (ObjectInfo object : bucket.list(prefix)) {
			if (referenced.test(object.key())) {
				kept.accept(object);
			}
			else if (object.lastModified().isBefore(olderThan)) {
				unreferenced.add(object);
			}
		}
		if (!dryRun) {
			unreferenced.forEach((object) -> bucket.delete(object.key()));
		}
		return new Sweep(List.copyOf(unreferenced), dryRun);
	}

}
