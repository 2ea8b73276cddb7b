package dev.buckethead.tracker;

import java.nio.file.Path;

/** The tracker has no such version of a path: it was never synced, or not that many times. */
public class VersionNotFoundException extends TrackerException {

	private final Path path;

	private final int version;

	public VersionNotFoundException(Path path, int version, int latest) {
		super("No version " + version + " of " + path + " is tracked: "
				+ ((latest > 0) ? "its versions are 1 to " + latest : "it has never been synced"));
		this.path = path;
		this.version = version;
	}

	public Path path() {
		return path;
	}

	public int version() {
		return version;
	}

}
