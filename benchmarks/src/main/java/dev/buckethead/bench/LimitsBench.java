package dev.buckethead.bench;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.luben.zstd.Zstd;

/** Section 6: what the machine and the S3 server allow, measured in the same run. */
final class LimitsBench {

	private static final int CHUNK = 256 * 1024;

	private static final int PARALLEL = 8;

	private final Mode mode;

	private final S3 s3;

	private final Data data;

	long bytes;

	double memcpy;

	double sha256;

	double zstdCompress;

	double zstdDecompress;

	double zstdRatio;

	double putOne;

	double getOne;

	double putChunks;

	double getChunks;

	long objectBytes;

	double quickCheck;

	long chunkObjects;

	LimitsBench(Mode mode, S3 s3, Data data) {
		this.mode = mode;
		this.s3 = s3;
		this.data = data;
	}

	void run() throws Exception {
		Path template = data.template(mode.largeSize());
		objectBytes = Files.size(template);
		int length = (int) Math.min(objectBytes, 512L * 1024 * 1024);
		bytes = length;
		byte[] source = new byte[length];
		try (RandomAccessFile file = new RandomAccessFile(template.toFile(), "r")) {
			file.readFully(source);
		}
		int reps = mode.isSmoke() ? 1 : 5;

		byte[] target = new byte[length];
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < reps + 1; i++) {
			long t0 = System.nanoTime();
			System.arraycopy(source, 0, target, 0, length);
			times.add((double) (System.nanoTime() - t0));
		}
		times.remove(0);
		memcpy = length / (Stats.median(times) / 1e9);
		target = null;

		MessageDigest sha = MessageDigest.getInstance("SHA-256");
		times.clear();
		for (int i = 0; i < reps; i++) {
			long t0 = System.nanoTime();
			for (int offset = 0; offset < length; offset += CHUNK) {
				sha.update(source, offset, Math.min(CHUNK, length - offset));
				sha.digest();
			}
			times.add((double) (System.nanoTime() - t0));
		}
		sha256 = length / (Stats.median(times) / 1e9);

		byte[] compressed = new byte[(int) Zstd.compressBound(CHUNK)];
		int chunks = (length + CHUNK - 1) / CHUNK;
		int[] sizes = new int[chunks];
		byte[][] frames = new byte[chunks][];
		times.clear();
		long compressedTotal = 0;
		for (int i = 0; i < reps; i++) {
			compressedTotal = 0;
			long t0 = System.nanoTime();
			for (int c = 0; c < chunks; c++) {
				int offset = c * CHUNK;
				int len = Math.min(CHUNK, length - offset);
				long n = Zstd.compressByteArray(compressed, 0, compressed.length, source, offset, len, 1);
				compressedTotal += n;
				if (i == 0) {
					frames[c] = java.util.Arrays.copyOf(compressed, (int) n);
					sizes[c] = len;
				}
			}
			times.add((double) (System.nanoTime() - t0));
		}
		zstdCompress = length / (Stats.median(times) / 1e9);
		zstdRatio = (double) compressedTotal / length;
		byte[] out = new byte[CHUNK];
		times.clear();
		for (int i = 0; i < reps; i++) {
			long t0 = System.nanoTime();
			for (int c = 0; c < chunks; c++) {
				Zstd.decompressByteArray(out, 0, sizes[c], frames[c], 0, frames[c].length);
			}
			times.add((double) (System.nanoTime() - t0));
		}
		zstdDecompress = length / (Stats.median(times) / 1e9);
		frames = null;

		times.clear();
		for (int i = 0; i < (mode.isSmoke() ? 1 : 3); i++) {
			long t0 = System.nanoTime();
			try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + template);
					java.sql.Statement st = c.createStatement();
					java.sql.ResultSet r = st.executeQuery("PRAGMA quick_check(5)")) {
				r.next();
			}
			times.add((double) (System.nanoTime() - t0));
		}
		quickCheck = objectBytes / (Stats.median(times) / 1e9);

		S3.Bucket bucket = s3.newBucket("limits");
		try {
			int s3reps = mode.isSmoke() ? 1 : 3;
			List<Double> puts = new ArrayList<>();
			List<Double> gets = new ArrayList<>();
			byte[] buffer = new byte[1 << 20];
			for (int i = 0; i < s3reps; i++) {
				long t0 = System.nanoTime();
				bucket.client.putFile("one-large-object", template);
				puts.add((double) (System.nanoTime() - t0));
				t0 = System.nanoTime();
				try (InputStream in = bucket.client.openStream("one-large-object").orElseThrow()) {
					while (in.read(buffer) >= 0) {
						// discard
					}
				}
				gets.add((double) (System.nanoTime() - t0));
			}
			putOne = objectBytes / (Stats.median(puts) / 1e9);
			getOne = objectBytes / (Stats.median(gets) / 1e9);

			// Many 256 KiB objects, 8 at a time: the shape of an incremental flush / restore.
			chunkObjects = Math.max(16, Math.min(400, length / CHUNK));
			byte[][] objects = new byte[(int) chunkObjects][];
			for (int i = 0; i < chunkObjects; i++) {
				objects[i] = java.util.Arrays.copyOfRange(source, i * CHUNK % (length - CHUNK + 1),
						i * CHUNK % (length - CHUNK + 1) + Math.min(CHUNK, length));
			}
			ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
			try {
				puts.clear();
				gets.clear();
				for (int r = 0; r < s3reps; r++) {
					long total = 0;
					long t0 = System.nanoTime();
					List<Future<?>> pending = new ArrayList<>();
					for (int i = 0; i < chunkObjects; i++) {
						int n = i;
						pending.add(pool.submit(() -> bucket.client.put("chunk/" + n, objects[n])));
						total += objects[n].length;
					}
					for (Future<?> f : pending) {
						f.get();
					}
					puts.add(total / ((System.nanoTime() - t0) / 1e9));
					pending.clear();
					t0 = System.nanoTime();
					for (int i = 0; i < chunkObjects; i++) {
						int n = i;
						pending.add(pool.submit(() -> bucket.client.get("chunk/" + n).orElseThrow()));
					}
					for (Future<?> f : pending) {
						f.get();
					}
					gets.add(total / ((System.nanoTime() - t0) / 1e9));
				}
			}
			finally {
				pool.shutdownNow();
			}
			putChunks = Stats.median(puts);
			getChunks = Stats.median(gets);
		}
		finally {
			bucket.drop();
		}
	}

	void report(Report report) {
		Report.Table table = report.table("6. Limits (same run, same machine)", "what", "MB/s", "how");
		table.row("memory copy", Report.mbps(memcpy), "System.arraycopy of " + Report.mb(bytes) + " MB (the database)");
		table.row("SHA-256", Report.mbps(sha256), "one thread, 256 KiB chunks of database pages (JDK MessageDigest)");
		table.row("zstd level 1 compress", Report.mbps(zstdCompress),
				"one thread, 256 KiB chunks of database pages; compressed to " + Report.pct(zstdRatio));
		table.row("zstd decompress", Report.mbps(zstdDecompress), "one thread, the same chunks");
		table.row("SQLite `PRAGMA quick_check`", Report.mbps(quickCheck),
				"of the " + Report.mb(objectBytes) + " MB database file (restore runs it on every restored database)");
		table.row("S3 PUT, one large object", Report.mbps(putOne),
				"`putFile` of the " + Report.mb(objectBytes) + " MB database file (16 MiB multipart parts)");
		table.row("S3 GET, one large object", Report.mbps(getOne), "`openStream` of that object, read to the end");
		table.row("S3 PUT, 256 KiB objects ×" + PARALLEL, Report.mbps(putChunks),
				chunkObjects + " objects, " + PARALLEL + " in parallel (the shape of an incremental flush)");
		table.row("S3 GET, 256 KiB objects ×" + PARALLEL, Report.mbps(getChunks),
				chunkObjects + " objects, " + PARALLEL + " in parallel (the shape of a restore)");
		table.note("Medians of " + (mode.isSmoke() ? 1 : 5) + " passes (S3: " + (mode.isSmoke() ? 1 : 3) + "). "
				+ "S3 = the same server and client as the flushes (" + s3.describe().replaceAll(" \\(.*\\)", "")
				+ "), on loopback.");
		report.add(table);
	}

	/**
	 * The fastest an incremental flush could be: it must read and hash the whole image (one thread) while it
	 * compresses and uploads the changed chunks; the slower of the two pipelines bounds it.
	 */
	double incrementalFlushLimitNanos(long dbBytes, double chunksUploaded, int chunkSize, double bytesOut) {
		double read = dbBytes / memcpy + dbBytes / sha256;
		double write = chunksUploaded * chunkSize / zstdCompress + bytesOut / putChunks;
		return Math.max(read, write) * 1e9;
	}

	double plainFlushLimitNanos(long dbBytes) {
		return dbBytes / putOne * 1e9;
	}

	double incrementalRestoreLimitNanos(long dbBytes, double bytesIn) {
		return (Math.max(bytesIn / getChunks, dbBytes / sha256 + dbBytes / zstdDecompress) + dbBytes / quickCheck) * 1e9;
	}

	double plainRestoreLimitNanos(long dbBytes) {
		return (dbBytes / getOne + dbBytes / quickCheck) * 1e9;
	}

}
