package dev.buckethead.live;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The whole database of a {@link PageCapture} as a {@link DatabaseImage}, so that a base can be cut into chunks
 * by the same writer as today's images. Owned by the capture: closing it does nothing.
 */
final class CaptureImage implements DatabaseImage {

	private final PageCapture capture;

	CaptureImage(PageCapture capture) {
		this.capture = capture;
	}

	@Override
	public long size() {
		return capture.pageCount() * capture.pageSize();
	}

	@Override
	public int pageSize() {
		return capture.pageSize();
	}

	@Override
	public long dataVersion() {
		return capture.dataVersion();
	}

	@Override
	public void read(long offset, ByteBuffer target) throws IOException {
		int pageSize = capture.pageSize();
		target.clear();
		target.limit((int) Math.min(target.capacity(), size() - offset));
		ByteBuffer page = ByteBuffer.allocate(pageSize);
		long position = offset;
		while (target.hasRemaining()) {
			capture.read((int) (position / pageSize) + 1, page);
			page.position((int) (position % pageSize));
			int n = Math.min(page.remaining(), target.remaining());
			target.put(target.position(), page, page.position(), n);
			target.position(target.position() + n);
			position += n;
		}
		target.flip();
	}

	@Override
	public void close() {
	}

}
