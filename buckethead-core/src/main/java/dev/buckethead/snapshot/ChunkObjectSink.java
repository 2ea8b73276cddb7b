package dev.buckethead.snapshot;

/**
 * Manifest format 1: every new chunk is its own object at its content address. Written only when asked for
 * ({@link SnapshotWriter.Packing#CHUNK_OBJECTS}): for a bucket that BucketHead versions older than packs must
 * still read, and to measure packs against it.
 */
final class ChunkObjectSink implements ChunkSink {

	private final SnapshotStore store;

	private final BoundedUploads uploads;

	ChunkObjectSink(SnapshotStore store, BoundedUploads uploads) {
		this.store = store;
		this.uploads = uploads;
	}

	@Override
	public int manifestFormat() {
		return Manifest.FORMAT_CHUNK_OBJECTS;
	}

	/** A format-1 manifest can only name chunk objects. */
	@Override
	public boolean canReference(ChunkRef chunk) {
		return chunk.location() == null;
	}

	@Override
	public ChunkRef add(String sha256, int length, byte[] compressed, int size, Runnable release) {
		uploads.submit(() -> {
			try {
				store.writeChunk(sha256, compressed, size);
				return (long) size;
			}
			finally {
				release.run();
			}
		});
		return new ChunkRef(sha256, length);
	}

	@Override
	public long finish() {
		return uploads.awaitAll();
	}

	@Override
	public int objectsUploaded() {
		return uploads.finished();
	}

	@Override
	public void cancel() {
		uploads.cancel();
	}

}
