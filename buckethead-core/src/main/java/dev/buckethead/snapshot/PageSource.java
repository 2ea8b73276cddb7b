package dev.buckethead.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Reads database pages by number, such as a live database's page capture. */
@FunctionalInterface
public interface PageSource {

	/** Reads page {@code page} (1-based) into {@code target}: cleared first, flipped after, one page long. */
	void read(int page, ByteBuffer target) throws IOException;

}
