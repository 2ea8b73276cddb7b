package dev.buckethead.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import dev.buckethead.BucketHeadException;
import dev.buckethead.live.DatabaseImage;
import org.jspecify.annotations.Nullable;

/**
 * Turns a database image into a new generation: cuts it into fixed-size chunks, hashes them, and stores the
 * chunks the previous generation does not already hold (compressed) in pack objects of up to
 * {@link Packing#packSize()} bytes, then writes the manifest. Chunks the previous generation holds are referenced
 * where they are, so a generation shares its unchanged chunks with every generation and branch it descends from.
 * <p>
 * <b>Chunks first, manifest last:</b> the manifest is written only after every pack it names has been uploaded,
 * and packs are never rewritten or deleted while a retained manifest names them, so a manifest in the bucket
 * always has all its chunks (the head moves after the manifest, see {@link BranchHeads}).
 * <p>
 * The image is read in order on the calling thread; hashing and compression run on the I/O threads, at most
 * {@code maxChunksInFlight} chunks at a time, and packs upload as they fill, at most
 * {@link Packing#packsInFlight()} at a time: a flush holds about {@code 2 x maxChunksInFlight} chunk buffers and
 * {@code packsInFlight + 1} pack buffers, whatever the database's size. Between flushes the writer keeps its chunk
 * buffers and one pack buffer.
 */
public final class SnapshotWriter {

	/**
	 * 1 MiB: measured at 500 MB with 1 % of rows changed (docs/benchmarks.md), it uploads as few bytes as 256 KiB
	 * for clustered changes and 8 % more for scattered ones, with a quarter of the requests and half the restore
	 * time; R2 and S3 bill per request.
	 */
	public static final int DEFAULT_CHUNK_SIZE = 1024 * 1024;

	/**
	 * 16 MiB of compressed chunks per pack, the size of a restore's range GET, so that a pack is one request:
	 * measured with 8 and 32 MiB at 500 MB (docs/benchmarks.md, table 9), a first flush sends 15 packs and a
	 * restore makes 18 GETs, against 30 packs and 33 GETs with 8 MiB; 32 MiB packs need two or three ranges each
	 * (25 GETs) and 150 MB more heap during the flush. Restore and flush times did not differ beyond this
	 * machine's noise.
	 */
	public static final int DEFAULT_PACK_SIZE = 16 * 1024 * 1024;

	/**
	 * Four packs uploading at once. Two, four and eight cost the same CPU and time on the local S3 server
	 * (table 9) and each step adds pack buffers (500 MB first flush: 219, 260, 427 MB peak heap in use); four
	 * keeps several connections busy on a remote S3, where one carries well under the rate a flush produces.
	 */
	public static final int DEFAULT_PACKS_IN_FLIGHT = 4;

	/**
	 * How a flush stores its new chunks.
	 *
	 * @param packSize the most compressed bytes per pack (a chunk larger than that gets a pack of its own); 0 stores
	 * every chunk as its own object (manifest format 1)
	 * @param packsInFlight how many packs may upload at once
	 */
	public record Packing(int packSize, int packsInFlight) {

		/** Packs of {@link #DEFAULT_PACK_SIZE}, {@link #DEFAULT_PACKS_IN_FLIGHT} at a time (manifest format 2). */
		public static final Packing DEFAULT = new Packing(DEFAULT_PACK_SIZE, DEFAULT_PACKS_IN_FLIGHT);

		/**
		 * Every chunk its own object (manifest format 1), as BucketHead wrote before packs: for buckets that older
		 * versions must still read, and to measure packs against.
		 */
		public static final Packing CHUNK_OBJECTS = new Packing(0, 0);

		public Packing {
			if (packSize < 0 || (packSize > 0 && packsInFlight < 1)) {
				throw new IllegalArgumentException("packSize must be 0 (chunk objects) or positive with packsInFlight "
						+ "of at least 1, got packSize " + packSize + " and packsInFlight " + packsInFlight);
			}
		}

		boolean packs() {
			return packSize > 0;
		}

	}

	private final SnapshotStore store;

	private final ChunkCodec codec;

	private final int chunkSize;

	private final ExecutorService io;

	private final int maxChunksInFlight;

	private final Packing packing;

	private final BufferPool<byte[]> chunkBuffers;

	private final BufferPool<byte[]> compressedBuffers;

	private final BufferPool<PackBuffer> packBuffers;

	/** A writer that packs chunks as {@link Packing#DEFAULT} says. */
	public SnapshotWriter(SnapshotStore store, ChunkCodec codec, int chunkSize, ExecutorService io,
			int maxChunksInFlight) {
		this(store, codec, chunkSize, io, maxChunksInFlight, Packing.DEFAULT);
	}

	public SnapshotWriter(SnapshotStore store, ChunkCodec codec, int chunkSize, ExecutorService io,
			int maxChunksInFlight, Packing packing) {
		this.store = store;
		this.codec = codec;
		this.chunkSize = chunkSize;
		this.io = io;
		this.maxChunksInFlight = Math.max(1, maxChunksInFlight);
		this.packing = packing;
		this.chunkBuffers = new BufferPool<>(this.maxChunksInFlight, () -> new byte[chunkSize]);
		this.compressedBuffers = new BufferPool<>(this.maxChunksInFlight,
				() -> new byte[ChunkCodec.maxCompressedLength(chunkSize)]);
		this.packBuffers = new BufferPool<>(packing.packsInFlight() + 1, PackBuffer::new);
	}

	/**
	 * What a write produced and cost; {@code manifest} is the previous one when nothing differed.
	 *
	 * @param bytesUploaded compressed chunk bytes sent
	 * @param chunksUploaded chunks newly stored
	 * @param chunksReused chunks referenced where an earlier generation (or an earlier offset) stored them
	 * @param objectsUploaded objects the chunks were sent in: packs, or chunk objects in format 1
	 */
	public record Written(Manifest manifest, long bytesUploaded, int chunksUploaded, int chunksReused,
			int objectsUploaded) {
	}

	/** A chunk as hashed (and, unless it can be referenced, compressed) on an I/O thread. */
	private record Cut(String sha256, int length, @Nullable ChunkRef known, byte @Nullable [] compressed,
			int size) {
	}

	/**
	 * Writes {@code image} as generation {@code generation}. Chunks already stored by {@code previous} are
	 * referenced where they are, not uploaded again: that manifest's existence proves they are in the bucket.
	 */
	public Written write(DatabaseImage image, CollectedReferences references, @Nullable Manifest previous,
			String branch, String generation, Instant now) {
		BoundedUploads uploads = new BoundedUploads(io, packing.packs() ? packing.packsInFlight() : maxChunksInFlight);
		ChunkSink sink = packing.packs()
				? new PackSink(store, generation, packing.packSize(), packBuffers, uploads)
				: new ChunkObjectSink(store, uploads);
		Map<String, ChunkRef> stored = new HashMap<>();
		if (previous != null) {
			previous.chunks().stream().filter(sink::canReference).forEach((chunk) -> stored.putIfAbsent(chunk.sha256(), chunk));
		}
		// Read-only from here on: the I/O threads look chunks up in it.
		Map<String, ChunkRef> reusable = Map.copyOf(stored);
		List<ChunkRef> chunks = new ArrayList<>();
		Deque<Future<Cut>> cuts = new ArrayDeque<>();
		int reused = 0;
		try {
			for (long offset = 0; offset < image.size(); offset += chunkSize) {
				while (cuts.size() >= maxChunksInFlight) {
					reused += place(Tasks.await(cuts.poll(), "Chunk compression"), sink, stored, chunks);
				}
				byte[] chunk = chunkBuffers.take();
				ByteBuffer view = ByteBuffer.wrap(chunk);
				image.read(offset, view);
				int length = view.limit();
				cuts.add(io.submit(() -> cut(chunk, length, reusable)));
				// Place finished chunks as we go, in database order, so packs fill and upload while reading goes on.
				while (!cuts.isEmpty() && cuts.peek().isDone()) {
					reused += place(Tasks.await(cuts.poll(), "Chunk compression"), sink, stored, chunks);
				}
			}
			while (!cuts.isEmpty()) {
				reused += place(Tasks.await(cuts.poll(), "Chunk compression"), sink, stored, chunks);
			}
			long bytes = sink.finish();
			Map<String, String> referenceHashes = writeReferences(references, previous);
			if (previous != null && previous.chunks().equals(chunks) && previous.size() == image.size()
					&& previous.references().equals(referenceHashes)) {
				// Written back to the same bytes: the previous generation already is this state.
				return new Written(previous, 0, 0, reused, 0);
			}
			Manifest manifest = new Manifest(sink.manifestFormat(), generation,
					previous == null ? null : previous.generation(), branch, now, image.size(), image.pageSize(),
					chunkSize, ChunkCodec.NAME, chunks, referenceHashes);
			store.writeManifest(manifest);
			return new Written(manifest, bytes, chunks.size() - reused, reused, sink.objectsUploaded());
		}
		catch (IOException ex) {
			abandon(cuts, sink);
			throw new BucketHeadException("Cannot read the live database image for a snapshot: " + ex, ex);
		}
		catch (RuntimeException | Error ex) {
			abandon(cuts, sink);
			throw ex;
		}
		finally {
			// A flush of a few changed chunks fills one pack; only a large one needs the others, so they go.
			packBuffers.trim(1);
		}
	}

	private Cut cut(byte[] chunk, int length, Map<String, ChunkRef> reusable) {
		try {
			MessageDigest sha256 = sha256();
			sha256.update(chunk, 0, length);
			String hash = HexFormat.of().formatHex(sha256.digest());
			ChunkRef known = reusable.get(hash);
			if (known != null) {
				return new Cut(hash, length, known, null, 0);
			}
			byte[] target = compressedBuffers.take();
			return new Cut(hash, length, null, target, codec.compress(chunk, length, target));
		}
		finally {
			chunkBuffers.give(chunk);
		}
	}

	/** Adds one chunk to the manifest's list, storing it unless it is already stored; returns 1 if it was. */
	private int place(Cut cut, ChunkSink sink, Map<String, ChunkRef> stored, List<ChunkRef> chunks) {
		ChunkRef known = cut.known() != null ? cut.known() : stored.get(cut.sha256());
		if (known != null) {
			if (cut.compressed() != null) {
				compressedBuffers.give(cut.compressed());
			}
			chunks.add(known);
			return 1;
		}
		byte[] compressed = cut.compressed();
		ChunkRef ref = sink.add(cut.sha256(), cut.length(), compressed, cut.size(),
				() -> compressedBuffers.give(compressed));
		stored.put(cut.sha256(), ref);
		chunks.add(ref);
		return 0;
	}

	private Map<String, String> writeReferences(CollectedReferences references, @Nullable Manifest previous) {
		Map<String, String> referenceHashes = new TreeMap<>();
		for (Map.Entry<String, TreeSet<String>> entry : references.keysBySource().entrySet()) {
			if (entry.getValue().isEmpty()) {
				// Nothing referenced: an absent entry says the same without an object.
				continue;
			}
			String known = previous == null ? null : previous.references().get(entry.getKey());
			referenceHashes.put(entry.getKey(), store.writeReferences(entry.getValue(), known));
		}
		return referenceHashes;
	}

	private static void abandon(Deque<Future<Cut>> cuts, ChunkSink sink) {
		Tasks.cancel(cuts);
		sink.cancel();
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
