package dev.buckethead.snapshot;

/**
 * Where one flush stores the chunks its previous generation does not hold, and which of that generation's chunks
 * it may reference where they are. One per flush, used by the flush's thread; uploads run in parallel behind it.
 */
interface ChunkSink {

	/** The manifest format the chunk references this sink returns belong in. */
	int manifestFormat();

	/** Whether a chunk of the previous generation can be referenced as it is, without storing it again. */
	boolean canReference(ChunkRef chunk);

	/**
	 * Stores one compressed chunk (its bytes may still be uploading when this returns).
	 * @param release called once the sink no longer needs {@code compressed}, to return it to its pool
	 * @return how the manifest refers to the chunk
	 */
	ChunkRef add(String sha256, int length, byte[] compressed, int size, Runnable release);

	/** Uploads whatever is still pending and waits for every upload; returns the bytes sent. */
	long finish();

	/** Objects uploaded so far. */
	int objectsUploaded();

	/** Abandons the uploads still running, after a failure. */
	void cancel();

}
