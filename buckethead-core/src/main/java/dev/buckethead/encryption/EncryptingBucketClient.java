package dev.buckethead.encryption;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.BucketException;
import dev.buckethead.bucket.ByteRange;
import dev.buckethead.bucket.ObjectInfo;
import dev.buckethead.bucket.StoredObject;
import dev.buckethead.bucket.WriteCondition;

/**
 * A {@link BucketClient} that seals every object body it writes with the key ring's primary key (AES-256-GCM in
 * 64 KiB segments, {@link SealedFormat}) and opens every body it reads, with whichever key of the ring sealed it.
 * Keys, conditions and ETags pass through unchanged, so conditional writes (heads, claims) work as before; sizes
 * in {@link #head} and {@link #list} are plaintext sizes, so callers see the contract of any client. A ranged
 * read fetches only the segments that hold the range (plus the 40-byte header, inline when the range starts in
 * the first MiB, else with one more small read).
 * <p>
 * The object's key is authenticated with its body: an object copied to another key fails to open, as does one
 * with any byte changed or cut short ({@link TamperedObjectException}); an object sealed with a key not in the
 * ring fails naming the key id ({@link UnknownKeyException}); a plain object fails as not encrypted.
 * <p>
 * Segments are opened on the thread that reads the stream (a restore's I/O threads, as the bytes arrive), straight
 * into the reader's array when it reads a segment or more. The first client of a JVM starts {@link CipherWarmUp}.
 */
public final class EncryptingBucketClient implements BucketClient {

	/** A ranged read that starts this close to the object's start fetches from byte 0, header included. */
	private static final long HEADER_INLINE_LIMIT = 1024 * 1024;

	private final BucketClient delegate;

	private final KeyRing ring;

	private final SecureRandom random = new SecureRandom();

	public EncryptingBucketClient(BucketClient delegate, KeyRing ring) {
		this.delegate = delegate;
		this.ring = ring;
		CipherWarmUp.startOnce();
	}

	/** The client this one seals for. */
	public BucketClient delegate() {
		return delegate;
	}

	public KeyRing keyRing() {
		return ring;
	}

	@Override
	public Optional<StoredObject> get(String key) {
		return delegate.get(key).map((stored) -> new StoredObject(open(key, stored.data()), stored.etag()));
	}

	/**
	 * The id of the key that sealed the object at {@code key} (one 40-byte ranged read), or empty when there is no
	 * object.
	 * @throws EncryptionException when the object is not sealed
	 */
	public Optional<String> keyIdOf(String key) {
		return readHeader(key).map((header) -> {
			String id = ObjectCipher.keyIdOf(header);
			if (id == null) {
				throw ObjectCipher.notEncrypted(key);
			}
			return id;
		});
	}

	@Override
	public Optional<InputStream> openStream(String key) {
		return delegate.openStream(key)
			.map((in) -> new OpeningInputStream(key, in, null, (header) -> cipherOf(key, header), 0, 0, Long.MAX_VALUE));
	}

	@Override
	public Optional<InputStream> openStream(String key, long offset, long length) {
		ByteRange.check(offset, length);
		long first = offset / SealedFormat.SEGMENT;
		long lastSegment = (offset + length - 1) / SealedFormat.SEGMENT;
		long skip = offset - first * SealedFormat.SEGMENT;
		long start = SealedFormat.sealedOffset(first);
		// One byte past the last segment tells whether it is the object's last.
		long end = SealedFormat.sealedOffset(lastSegment + 1) + 1;
		if (start <= HEADER_INLINE_LIMIT) {
			return delegate.openStream(key, 0, end).map((in) -> {
				OpeningInputStream opened = new OpeningInputStream(key, in, null, (header) -> cipherOf(key, header),
						first, skip, length);
				return (InputStream) opened;
			});
		}
		Optional<byte[]> header = readHeader(key);
		if (header.isEmpty()) {
			return Optional.empty();
		}
		ObjectCipher cipher = cipherOf(key, header.get());
		return delegate.openStream(key, start, end - start)
			.map((in) -> new OpeningInputStream(key, in, cipher, null, first, skip, length));
	}

	@Override
	public Optional<ObjectInfo> head(String key) {
		return delegate.head(key).map(EncryptingBucketClient::plain);
	}

	@Override
	public String put(String key, byte[] data, int length, WriteCondition condition) {
		byte[] sealed = seal(key, data, length);
		return delegate.put(key, sealed, sealed.length, condition);
	}

	@Override
	public String putFile(String key, Path file) {
		Path sealed = sealFile(key, file);
		try {
			return delegate.putFile(key, sealed);
		}
		finally {
			try {
				Files.deleteIfExists(sealed);
			}
			catch (IOException ex) {
				sealed.toFile().deleteOnExit();
			}
		}
	}

	@Override
	public void delete(String key) {
		delegate.delete(key);
	}

	@Override
	public List<ObjectInfo> list(String prefix) {
		return delegate.list(prefix).stream().map(EncryptingBucketClient::plain).toList();
	}

	@Override
	public String describe() {
		return delegate.describe() + " (encrypted, key " + ring.primary().id() + ")";
	}

	@Override
	public void close() {
		delegate.close();
	}

	/** Seals {@code length} bytes of {@code data} as the body of the object at {@code key}. */
	byte[] seal(String key, byte[] data, int length) {
		ObjectCipher cipher = ObjectCipher.forNewObject(key, ring.primary(), random);
		long size = SealedFormat.sealedSize(length);
		if (size > Integer.MAX_VALUE - 8) {
			throw new BucketException("Cannot seal " + length + " bytes for '" + key + "' in memory; use putFile");
		}
		byte[] out = new byte[(int) size];
		cipher.copyHeader(out, 0);
		int written = SealedFormat.HEADER;
		long segments = SealedFormat.segments(length);
		for (long i = 0; i < segments; i++) {
			int from = (int) (i * SealedFormat.SEGMENT);
			int n = Math.min(SealedFormat.SEGMENT, length - from);
			written += cipher.seal(i, i == segments - 1, data, from, n, out, written);
		}
		return out;
	}

	/** Opens a whole sealed object read into memory. */
	byte[] open(String key, byte[] sealed) {
		byte[] header = java.util.Arrays.copyOf(sealed, SealedFormat.HEADER);
		ObjectCipher cipher = cipherOf(key, header);
		long plainSize = SealedFormat.plainSize(sealed.length);
		if (sealed.length < SealedFormat.HEADER + SealedFormat.TAG
				|| SealedFormat.sealedSize(plainSize) != sealed.length) {
			throw new TamperedObjectException(key, "its size " + sealed.length + " is no size of a sealed object");
		}
		byte[] plain = new byte[(int) plainSize];
		long segments = SealedFormat.segments(plainSize);
		int read = SealedFormat.HEADER;
		int written = 0;
		for (long i = 0; i < segments; i++) {
			int n = (int) Math.min(SealedFormat.SEALED_SEGMENT, sealed.length - read);
			written += cipher.open(i, i == segments - 1, sealed, read, n, plain, written);
			read += n;
		}
		return plain;
	}

	private ObjectCipher cipherOf(String key, byte[] header) {
		return ObjectCipher.forStoredObject(key, header, ring);
	}

	private Optional<byte[]> readHeader(String key) {
		return delegate.openStream(key, 0, SealedFormat.HEADER).map((in) -> {
			try (in) {
				return java.util.Arrays.copyOf(in.readNBytes(SealedFormat.HEADER), SealedFormat.HEADER);
			}
			catch (IOException ex) {
				throw new BucketException("Cannot read the encryption header of '" + key + "': " + ex, ex);
			}
		});
	}

	private Path sealFile(String key, Path file) {
		Path sealed;
		try {
			sealed = Files.createTempFile("buckethead-sealed-", ".tmp");
		}
		catch (IOException ex) {
			throw new BucketException("Cannot create a temporary file to encrypt '" + file + "' for '" + key
					+ "' (java.io.tmpdir " + System.getProperty("java.io.tmpdir") + "): " + ex, ex);
		}
		ObjectCipher cipher = ObjectCipher.forNewObject(key, ring.primary(), random);
		try (InputStream in = Files.newInputStream(file); OutputStream out = Files.newOutputStream(sealed)) {
			out.write(cipher.header());
			byte[] plain = new byte[SealedFormat.SEGMENT];
			byte[] segment = new byte[SealedFormat.SEALED_SEGMENT];
			int n = in.readNBytes(plain, 0, plain.length);
			for (long i = 0;; i++) {
				int next = in.read();
				boolean last = next < 0;
				out.write(segment, 0, cipher.seal(i, last, plain, 0, n, segment, 0));
				if (last) {
					break;
				}
				plain[0] = (byte) next;
				n = 1 + in.readNBytes(plain, 1, plain.length - 1);
			}
		}
		catch (IOException ex) {
			try {
				Files.deleteIfExists(sealed);
			}
			catch (IOException suppressed) {
				ex.addSuppressed(suppressed);
			}
			throw new BucketException("Cannot encrypt '" + file + "' for upload to '" + key + "': " + ex, ex);
		}
		return sealed;
	}

	private static ObjectInfo plain(ObjectInfo stored) {
		return new ObjectInfo(stored.key(), SealedFormat.plainSize(stored.size()), stored.etag(), stored.lastModified());
	}

}
