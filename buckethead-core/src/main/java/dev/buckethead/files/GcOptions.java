package dev.buckethead.files;

/**
 * How {@link FileStore#gc(GcOptions)} runs.
 *
 * @param dryRun report what would be deleted without deleting anything
 */
public record GcOptions(boolean dryRun) {

	private static final GcOptions DEFAULTS = new GcOptions(false);

	/** Delete for real. */
	public static GcOptions defaults() {
		return DEFAULTS;
	}

	public GcOptions withDryRun(boolean dryRun) {
		return new GcOptions(dryRun);
	}

}
