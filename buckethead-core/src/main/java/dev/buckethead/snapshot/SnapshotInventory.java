package dev.buckethead.snapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.buckethead.bucket.ObjectInfo;
import org.jspecify.annotations.Nullable;

/**
 * Every head and every manifest under the layout, each read once: which branches have a sound, an unreadable or
 * no head, and which manifests no sound head retains. The base of every decision that must not take a missing or
 * unreadable head for an empty branch: start-up without a head, gc, head repair and inspect. It costs a LIST of
 * heads and of manifests and a GET of each, so a normal start, whose head is there, never reads it.
 */
public final class SnapshotInventory {

	/** One manifest object: parsed, or why it could not be. */
	public record ManifestEntry(ObjectInfo object, String generation, @Nullable Manifest manifest,
			@Nullable String problem) {
	}

	/**
	 * A manifest no sound head retains that is nevertheless not garbage: the head of its branch is missing or
	 * unreadable, or some head is unreadable and may be the one retaining it.
	 *
	 * @param branch the branch it was flushed on; null when the manifest itself is unreadable
	 * @param reason why it is kept, for reports
	 */
	public record Headless(ManifestEntry entry, @Nullable String branch, String reason) {
	}

	private final Map<String, HeadState> heads;

	private final List<ManifestEntry> manifests;

	private final Set<String> retained;

	private SnapshotInventory(Map<String, HeadState> heads, List<ManifestEntry> manifests) {
		this.heads = Collections.unmodifiableMap(heads);
		this.manifests = List.copyOf(manifests);
		Set<String> retained = new HashSet<>();
		heads.values().stream().filter(HeadState::isSound).forEach((state) -> retained.addAll(state.head().pointer().retained()));
		this.retained = Collections.unmodifiableSet(retained);
	}

	public static SnapshotInventory read(SnapshotStore store, BranchHeads branchHeads) {
		Map<String, HeadState> heads = new TreeMap<>();
		for (String branch : branchHeads.branches()) {
			heads.put(branch, branchHeads.inspect(branch));
		}
		SnapshotLayout layout = store.layout();
		List<ManifestEntry> manifests = new ArrayList<>();
		for (ObjectInfo object : store.list(layout.manifestPrefix())) {
			String generation = layout.generationOfManifestKey(object.key());
			if (generation == null || generation.contains("/")) {
				continue;
			}
			try {
				manifests.add(new ManifestEntry(object, generation, store.readManifest(generation), null));
			}
			catch (CorruptSnapshotException ex) {
				manifests.add(new ManifestEntry(object, generation, null, ex.problem()));
			}
		}
		// Generation ids sort by creation time.
		manifests.sort(Comparator.comparing(ManifestEntry::generation).reversed());
		return new SnapshotInventory(heads, manifests);
	}

	/** Every head found, by branch. */
	public Map<String, HeadState> heads() {
		return heads;
	}

	/** The state of {@code branch}'s head; missing when there is none. */
	public HeadState head(String branch) {
		HeadState state = heads.get(branch);
		return state != null ? state : HeadState.missing(branch);
	}

	/** Every manifest object, newest first. */
	public List<ManifestEntry> manifests() {
		return manifests;
	}

	/** The generations sound heads retain. */
	public Set<String> retainedBySoundHeads() {
		return retained;
	}

	public Optional<Manifest> manifest(String generation) {
		return manifests.stream()
			.filter((entry) -> entry.generation().equals(generation) && entry.manifest() != null)
			.map(ManifestEntry::manifest)
			.findFirst();
	}

	/** The readable manifests flushed on {@code branch}, newest first, whether or not a head retains them. */
	public List<Manifest> manifestsOf(String branch) {
		List<Manifest> found = new ArrayList<>();
		for (ManifestEntry entry : manifests) {
			if (entry.manifest() != null && entry.manifest().branch().equals(branch)) {
				found.add(entry.manifest());
			}
		}
		return found;
	}

	/** The manifests that are not garbage although no sound head retains them; see {@link Headless}. Newest first. */
	public List<Headless> headless() {
		List<String> unreadable = heads.values().stream().filter(HeadState::isDamaged).map(HeadState::branch).toList();
		List<Headless> found = new ArrayList<>();
		for (ManifestEntry entry : manifests) {
			if (retained.contains(entry.generation())) {
				continue;
			}
			String branch = entry.manifest() != null ? entry.manifest().branch() : null;
			HeadState own = branch != null ? head(branch) : null;
			if (own != null && own.isMissing()) {
				found.add(new Headless(entry, branch, "the head of branch '" + branch + "' is missing"));
			}
			else if (own != null && own.isDamaged()) {
				found.add(new Headless(entry, branch, "the head of branch '" + branch + "' is unreadable"));
			}
			else if (!unreadable.isEmpty()) {
				found.add(new Headless(entry, branch, "the unreadable head of " + quoted(unreadable) + " may retain it"));
			}
		}
		return found;
	}

	/** The manifests of {@code branch} kept only because its head is missing or unreadable, newest first. */
	public List<Manifest> headlessOf(String branch) {
		return headless().stream()
			.filter((headless) -> branch.equals(headless.branch()) && headless.entry().manifest() != null)
			.map((headless) -> headless.entry().manifest())
			.toList();
	}

	private static String quoted(List<String> branches) {
		return String.join(", ", branches.stream().map((branch) -> "'" + branch + "'").toList());
	}

}
