package dev.buckethead.replica;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

import dev.buckethead.BucketHeadException;

/**
 * The pages of one or more consecutive delta steps, merged: a later step's page replaces an earlier one's, and a
 * step that shrinks the database drops the pages above its size. Applying the batch moves the replica from the
 * point before its first step to the point after its last in one go, and every point in between was a point of
 * the branch too, so a batch is as consistent as a single step.
 */
final class PageBatch {

	private final int pageSize;

	private final TreeMap<Integer, byte[]> pages = new TreeMap<>();

	private long pageCount = -1;

	private long minPageCount = Long.MAX_VALUE;

	private long bytes;

	private int steps;

	PageBatch(int pageSize) {
		this.pageSize = pageSize;
	}

	/** Starts the next step: the database has {@code stepPageCount} pages after it. */
	void beginStep(long stepPageCount, int stepPageSize) {
		if (stepPageSize != pageSize) {
			throw new BucketHeadException("A delta step has page size " + stepPageSize + " but the replica's database "
					+ pageSize + "; the replica resynchronises from the branch's state");
		}
		pageCount = stepPageCount;
		minPageCount = Math.min(minPageCount, stepPageCount);
		NavigableMap<Integer, byte[]> dropped = pages.tailMap((int) Math.min(Integer.MAX_VALUE, stepPageCount), false);
		dropped.values().forEach((page) -> bytes -= page.length);
		dropped.clear();
		steps++;
	}

	/** A page of the current step; {@code content} is copied. */
	void put(int page, java.nio.ByteBuffer content) {
		byte[] copy = new byte[content.remaining()];
		content.get(copy);
		byte[] previous = pages.put(page, copy);
		bytes += copy.length - (previous == null ? 0 : previous.length);
	}

	int pageSize() {
		return pageSize;
	}

	/** The database size in pages after the batch. */
	long pageCount() {
		return pageCount;
	}

	/** The smallest size any step of the batch left the database at: pages above it were dropped on the way. */
	long minPageCount() {
		return minPageCount;
	}

	NavigableMap<Integer, byte[]> pages() {
		return Collections.unmodifiableNavigableMap(pages);
	}

	/** Bytes of pages held. */
	long bytes() {
		return bytes;
	}

	int steps() {
		return steps;
	}

	boolean isEmpty() {
		return steps == 0;
	}

}
