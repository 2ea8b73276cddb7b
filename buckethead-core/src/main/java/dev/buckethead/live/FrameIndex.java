package dev.buckethead.live;

import java.util.Arrays;

/**
 * For each page, the newest frame of the current WAL generation that holds it (0: none), up to the last frame
 * the tracker has read. One int per page up to the highest page seen: 2 MiB for a 2 GB database of 4 KiB pages.
 */
final class FrameIndex {

	private int[] frames = new int[1024];

	private int highestPage;

	void put(int page, int frame) {
		if (page >= frames.length) {
			frames = Arrays.copyOf(frames, Math.max(page + 1, frames.length * 2));
		}
		frames[page] = frame;
		highestPage = Math.max(highestPage, page);
	}

	/** The newest frame holding {@code page}, 0 when no frame of this generation does. */
	int frameOf(int page) {
		return page < frames.length ? frames[page] : 0;
	}

	/** A new WAL generation starts: no frame of the old one holds anything any more. */
	void clear() {
		Arrays.fill(frames, 0, highestPage + 1, 0);
		highestPage = 0;
	}

}
