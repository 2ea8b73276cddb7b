package dev.buckethead.snapshot;

import org.jspecify.annotations.Nullable;

/**
 * Manifest format 2: appends the flush's new chunks, in database order, to a pack until the next one would take it
 * past the target size, then uploads the pack (in parallel with filling the next) and starts another. At most
 * {@code packsInFlight} packs upload at once, so a flush holds at most that many plus the one it fills. Packs
 * are written unconditionally: each key is new (see {@link PackIds}), and an SDK retry of a PUT whose first
 * attempt landed rewrites the same bytes.
 */
final class PackSink implements ChunkSink {

	private final SnapshotStore store;

	private final int targetSize;

	private final BufferPool<PackBuffer> buffers;

	private final BoundedUploads uploads;

	private final PackIds ids;

	private @Nullable PackBuffer current;

	private @Nullable String currentId;

	private int sealed;

	PackSink(SnapshotStore store, String generation, int targetSize, BufferPool<PackBuffer> buffers,
			BoundedUploads uploads) {
		this.store = store;
		this.targetSize = targetSize;
		this.buffers = buffers;
		this.uploads = uploads;
		this.ids = new PackIds(generation);
	}

	@Override
	public int manifestFormat() {
		return Manifest.FORMAT_PACKS;
	}

	/**
	 * Only packed chunks: a chunk a format-1 generation stored as its own object is packed again, so that the
	 * first flush after such a generation upgrades the whole database to packs (and its restore to few GETs).
	 */
	@Override
	public boolean canReference(ChunkRef chunk) {
		return chunk.location() != null;
	}

	@Override
	public ChunkRef add(String sha256, int length, byte[] compressed, int size, Runnable release) {
		if (current != null && current.size() > 0 && current.size() + size > targetSize) {
			seal();
		}
		if (current == null) {
			current = buffers.take().clear();
			currentId = ids.next();
		}
		long offset = current.append(compressed, size);
		release.run();
		return new ChunkRef(sha256, length, new ChunkLocation(currentId, offset, size));
	}

	private void seal() {
		PackBuffer pack = current;
		String id = currentId;
		current = null;
		currentId = null;
		sealed++;
		uploads.submit(() -> {
			try {
				store.writePack(id, pack.data(), pack.size());
				return (long) pack.size();
			}
			finally {
				buffers.give(pack);
			}
		});
	}

	@Override
	public long finish() {
		if (current != null) {
			seal();
		}
		return uploads.awaitAll();
	}

	@Override
	public int objectsUploaded() {
		return sealed;
	}

	@Override
	public void cancel() {
		uploads.cancel();
	}

}
