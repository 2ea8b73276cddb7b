package dev.buckethead.snapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.buckethead.live.LiveDatabase.ConsistentRead;

/**
 * Reads every {@link ReferenceSource} while an image is taken, so the keys match the image exactly. Hand it to
 * the image ({@code LiveDatabase.image}, {@code FileImages.of}) and then to {@link SnapshotWriter#write}.
 */
public final class CollectedReferences implements ConsistentRead {

	private final List<ReferenceSource> sources;

	private final Map<String, TreeSet<String>> keysBySource = new TreeMap<>();

	public CollectedReferences(List<ReferenceSource> sources) {
		this.sources = sources;
	}

	@Override
	public void read(Connection consistent) throws SQLException {
		for (ReferenceSource source : sources) {
			keysBySource.put(source.name(), new TreeSet<>(source.referencedKeys(consistent)));
		}
	}

	/**
	 * Stores the reference lists that differ from {@code known} (a source with no key gets no entry) and returns
	 * their hashes by source name.
	 */
	Map<String, String> store(SnapshotStore store, Map<String, String> known) {
		Map<String, String> hashes = new TreeMap<>();
		for (Map.Entry<String, TreeSet<String>> entry : keysBySource.entrySet()) {
			if (!entry.getValue().isEmpty()) {
				hashes.put(entry.getKey(), store.writeReferences(entry.getValue(), known.get(entry.getKey())));
			}
		}
		return hashes;
	}

	/** Sorted keys by source name. */
	Map<String, TreeSet<String>> keysBySource() {
		return keysBySource;
	}

}
