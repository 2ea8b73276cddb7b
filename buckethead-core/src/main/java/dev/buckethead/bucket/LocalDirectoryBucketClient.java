package dev.buckethead.bucket;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A bucket kept in a local directory: the embedded default for development, the sample app and tests that do
 * not need a server. Object {@code a/b} is the file {@code <root>/a/b}. Conditional writes are atomic across
 * threads and processes (a lock file guards them). ETags are the MD5 of the content, as S3 gives for
 * single-part uploads.
 */
public final class LocalDirectoryBucketClient implements BucketClient {

	private static final String TEMP_PREFIX = ".bh-tmp-";

	private final Path root;

	public LocalDirectoryBucketClient(Path root) {
		this.root = root.toAbsolutePath().normalize();
		try {
			Files.createDirectories(this.root);
		}
		catch (IOException ex) {
			throw new BucketException("Cannot create the local bucket directory " + this.root + ": " + ex, ex);
		}
	}

	public Path root() {
		return root;
	}

	@Override
	public Optional<StoredObject> get(String key) {
		Path file = resolve(key);
		try {
			byte[] data = Files.readAllBytes(file);
			return Optional.of(new StoredObject(data, md5(data, data.length)));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw failure("read", key, ex);
		}
	}

	@Override
	public Optional<InputStream> openStream(String key) {
		try {
			return Optional.of(Files.newInputStream(resolve(key)));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw failure("open", key, ex);
		}
	}

	@Override
	public Optional<InputStream> openStream(String key, long offset, long length) {
		ByteRange.check(offset, length);
		try {
			FileChannel channel = FileChannel.open(resolve(key), StandardOpenOption.READ);
			return Optional.of(ByteRange.limit(Channels.newInputStream(channel.position(offset)), length));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw failure("open", key, ex);
		}
	}

	@Override
	public Optional<ObjectInfo> head(String key) {
		Path file = resolve(key);
		try {
			BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
			if (!attributes.isRegularFile()) {
				return Optional.empty();
			}
			return Optional.of(new ObjectInfo(key, attributes.size(), etagOf(file),
					attributes.lastModifiedTime().toInstant()));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw failure("stat", key, ex);
		}
	}

	@Override
	@SuppressWarnings("try") // the lock is held by the try block, not used in it
	public String put(String key, byte[] data, int length, WriteCondition condition) {
		Path file = resolve(key);
		try {
			Path temp = writeTemp(file, data, length);
			String etag = md5(data, length);
			if (condition.kind() == WriteCondition.Kind.NONE) {
				moveIntoPlace(temp, file);
				return etag;
			}
			try (FileChannel lockChannel = FileChannel.open(root.resolve(".bh-conditional.lock"),
					StandardOpenOption.CREATE, StandardOpenOption.WRITE);
					FileLock ignored = lockChannel.lock()) {
				synchronized (this) {
					checkCondition(key, file, condition, temp);
					moveIntoPlace(temp, file);
				}
			}
			return etag;
		}
		catch (IOException ex) {
			throw failure("write", key, ex);
		}
	}

	private void checkCondition(String key, Path file, WriteCondition condition, Path temp) throws IOException {
		boolean exists = Files.isRegularFile(file);
		boolean holds = switch (condition.kind()) {
			case NONE -> true;
			case IF_ABSENT -> !exists;
			case IF_MATCH -> exists && etagOf(file).equals(condition.etag());
		};
		if (!holds) {
			Files.deleteIfExists(temp);
			throw new PreconditionFailedException(key, condition);
		}
	}

	@Override
	public String putFile(String key, Path source) {
		Path file = resolve(key);
		try {
			Files.createDirectories(file.getParent());
			Path temp = file.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
			MessageDigest md5 = md5Digest();
			try (InputStream in = new DigestInputStream(Files.newInputStream(source), md5)) {
				Files.copy(in, temp);
			}
			moveIntoPlace(temp, file);
			return HexFormat.of().formatHex(md5.digest());
		}
		catch (NoSuchFileException ex) {
			throw new BucketException("Cannot upload " + source + " to '" + key + "': the file does not exist", ex);
		}
		catch (IOException ex) {
			throw failure("upload " + source + " to", key, ex);
		}
	}

	@Override
	public void delete(String key) {
		try {
			Files.deleteIfExists(resolve(key));
		}
		catch (IOException ex) {
			throw failure("delete", key, ex);
		}
	}

	@Override
	public List<ObjectInfo> list(String prefix) {
		List<ObjectInfo> result = new ArrayList<>();
		try (Stream<Path> files = Files.walk(root)) {
			files.filter(Files::isRegularFile).forEach((file) -> {
				String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
				if (key.startsWith(prefix) && !file.getFileName().toString().startsWith(".bh-")) {
					head(key).ifPresent(result::add);
				}
			});
		}
		catch (IOException | UncheckedIOException ex) {
			throw new BucketException("Cannot list '" + prefix + "' in " + describe() + ": " + ex, ex);
		}
		result.sort((a, b) -> a.key().compareTo(b.key()));
		return result;
	}

	@Override
	public String describe() {
		return "local directory " + root;
	}

	@Override
	public String toString() {
		return "LocalDirectoryBucketClient[" + root + "]";
	}

	private Path resolve(String key) {
		if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("\\")
				|| key.contains("\0")) {
			throw new BucketException("Invalid object key '" + key + "': keys are non-empty, '/'-separated names "
					+ "that neither start nor end with '/'");
		}
		for (String segment : key.split("/", -1)) {
			if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.startsWith(".bh-")) {
				throw new BucketException("Invalid object key '" + key + "': segment '" + segment
						+ "' is empty, '.', '..' or reserved");
			}
		}
		Path file = root.resolve(key).normalize();
		if (!file.startsWith(root)) {
			throw new BucketException("Invalid object key '" + key + "': it points outside the bucket directory");
		}
		return file;
	}

	private Path writeTemp(Path file, byte[] data, int length) throws IOException {
		try {
			Files.createDirectories(file.getParent());
		}
		catch (FileAlreadyExistsException ex) {
			throw new BucketException("Cannot write '" + root.relativize(file) + "': a parent of it is an object, "
					+ "and a local directory bucket cannot hold an object and a folder of the same name", ex);
		}
		Path temp = file.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
		try (var out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
			out.write(data, 0, length);
		}
		return temp;
	}

	private static void moveIntoPlace(Path temp, Path file) throws IOException {
		try {
			Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static String etagOf(Path file) throws IOException {
		MessageDigest md5 = md5Digest();
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5)) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
		}
		return HexFormat.of().formatHex(md5.digest());
	}

	private static String md5(byte[] data, int length) {
		MessageDigest md5 = md5Digest();
		md5.update(data, 0, length);
		return HexFormat.of().formatHex(md5.digest());
	}

	private static MessageDigest md5Digest() {
		try {
			return MessageDigest.getInstance("MD5");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("MD5 is part of every Java runtime", ex);
		}
	}

	private BucketException failure(String doing, String key, IOException ex) {
		return new BucketException("Cannot " + doing + " '" + key + "' in " + describe() + ": " + ex, ex);
	}
}
