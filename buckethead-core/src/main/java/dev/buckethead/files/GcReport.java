package dev.buckethead.files;

import java.util.List;

/**
 * What a {@link FileStore#gc(GcOptions) garbage collection} found and did.
 *
 * @param dryRun whether it only reported
 * @param candidates keys of the blobs found unreferenced and older than the grace period, in key order (in an
 * encrypted bucket their object names, {@code bhk-<keyed name>}: an unreferenced blob's key is known nowhere)
 * @param candidateBytes their total size
 * @param deleted keys of the blobs deleted: empty on a dry run, otherwise the candidates less any that a put
 * claimed again while the collection ran
 * @param deletedBytes the total size of the deleted blobs
 */
public record GcReport(boolean dryRun, List<String> candidates, long candidateBytes, List<String> deleted,
		long deletedBytes) {

	public GcReport {
		candidates = List.copyOf(candidates);
		deleted = List.copyOf(deleted);
	}

}
