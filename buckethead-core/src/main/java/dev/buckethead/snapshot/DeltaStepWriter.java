package dev.buckethead.snapshot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.buckethead.BucketHeadException;
import dev.buckethead.live.PageCapture;

/**
 * Encodes a capture's changed pages as the parts of one delta step: the first part is kept for the step's own
 * object (claim and data in one PUT), every further part of a large delta is uploaded first, at its
 * content-addressed key, so the claim that lists them never names a missing object.
 */
final class DeltaStepWriter {

	private final SnapshotStore store;

	private final PageDeltaWriter writer;

	DeltaStepWriter(SnapshotStore store, ChunkCodec codec) {
		this.store = store;
		this.writer = new PageDeltaWriter(codec, PageDeltaWriter.DEFAULT_MAX_PART_BYTES);
	}

	/**
	 * @param firstPart the part the step's object carries
	 * @param extraParts the keys of the parts already uploaded, in order
	 * @param references the step's reference lists, already stored
	 * @param bytes the encoded size of all parts
	 */
	record Encoded(byte[] firstPart, List<String> extraParts, Map<String, String> references, long bytes) {
	}

	Encoded encode(PageCapture capture, Map<String, String> references) {
		byte[][] first = new byte[1][];
		List<String> extra = new ArrayList<>();
		try {
			long bytes = writer.write(capture.pageSize(), capture.pageCount(), capture.pages(), capture::read,
					(index, object, length) -> {
						if (index == 0) {
							first[0] = Arrays.copyOf(object, length);
						}
						else {
							extra.add(store.writeDeltaPart(object, length));
						}
					});
			return new Encoded(first[0], extra, references, bytes);
		}
		catch (IOException ex) {
			throw new BucketHeadException("Cannot read the changed pages of the live database for a snapshot: " + ex,
					ex);
		}
	}

}
