package dev.buckethead.tracker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@link LocalFileTracker#sync() sync} found, by absolute normalized path. Every file it looked at is in
 * exactly one of the lists or maps.
 *
 * @param added files synced for the first time (version 1)
 * @param changed files whose content differs from their latest version (a new version was recorded)
 * @param unchanged files whose content is that of their latest version
 * @param missing files synced before that no longer exist (their history is kept)
 * @param skipped paths deliberately not tracked, with why: symbolic links leading out of the tracked directory or
 * to a directory, and special files such as sockets
 * @param errors paths that could not be synced, with why (unreadable, changing too fast, bucket failure); the
 * next sync tries them again
 */
public record SyncReport(List<Path> added, List<Path> changed, List<Path> unchanged, List<Path> missing,
		Map<Path, String> skipped, Map<Path, String> errors) {

	public SyncReport {
		added = List.copyOf(added);
		changed = List.copyOf(changed);
		unchanged = List.copyOf(unchanged);
		missing = List.copyOf(missing);
		skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
		errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
	}

	/** Whether any path could not be synced. */
	public boolean hasErrors() {
		return !errors.isEmpty();
	}

	@Override
	public String toString() {
		return "SyncReport[added=" + added.size() + ", changed=" + changed.size() + ", unchanged=" + unchanged.size()
				+ ", missing=" + missing.size() + ", skipped=" + skipped.size() + ", errors=" + errors + "]";
	}

	/** Collects a report while a sync runs. */
	static final class Builder {

		private final List<Path> added = new ArrayList<>();

		private final List<Path> changed = new ArrayList<>();

		private final List<Path> unchanged = new ArrayList<>();

		private final List<Path> missing = new ArrayList<>();

		private final Map<Path, String> skipped = new LinkedHashMap<>();

		private final Map<Path, String> errors = new LinkedHashMap<>();

		void added(Path path) {
			added.add(path);
		}

		void changed(Path path) {
			changed.add(path);
		}

		void unchanged(Path path) {
			unchanged.add(path);
		}

		void missing(Path path) {
			missing.add(path);
		}

		void skipped(Path path, String why) {
			skipped.put(path, why);
		}

		void error(Path path, String why) {
			errors.put(path, why);
		}

		/** Whether {@code path} is already reported, under any outcome. */
		boolean mentions(Path path) {
			return added.contains(path) || changed.contains(path) || unchanged.contains(path)
					|| missing.contains(path) || skipped.containsKey(path) || errors.containsKey(path);
		}

		SyncReport build() {
			return new SyncReport(added, changed, unchanged, missing, skipped, errors);
		}

	}

}
