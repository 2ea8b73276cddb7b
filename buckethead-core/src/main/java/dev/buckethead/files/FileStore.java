package dev.buckethead.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import dev.buckethead.bucket.ObjectInfo;
import dev.buckethead.encryption.ObjectNames;
import dev.buckethead.snapshot.ReferenceSource;
import dev.buckethead.view.View;
import dev.buckethead.view.ViewContext;
import org.jspecify.annotations.Nullable;

/**
 * Content-addressed files: blobs in the bucket, metadata in the live database. {@link #put(Path)} returns the
 * file's key, {@code bh-} followed by the lowercase hex SHA-256 of its content (the original library's form, so
 * keys and blobs written by either are interchangeable), and {@link #get(String, Path)} writes the content back.
 * <p>
 * The blob of key {@code bh-<hex>} is the object {@code files/bh-<hex>} (see
 * {@link FileStoreOptions#objectPrefix()}), uploaded once however many times the content is put. Its metadata is
 * a row of the table {@code filestore} (the original's name, which predates the {@code bh_} convention), so it
 * snapshots, restores and follows branches with the rest of the database while the blob stays where it is.
 *
 * <h2>Integrity</h2> Content is hashed on the way in and on the way out. {@link #get(String, Path)} writes to a
 * temporary file beside the destination and moves it into place only once its hash matches the key;
 * {@link #open(String)} checks at the end of the stream. A mismatch is a {@link BlobCorruptException}.
 *
 * <h2>Deleting</h2> {@link #delete(String)} removes the row only: the blob may still be needed by another row
 * with the same content on another branch, or by a retained snapshot generation that can be restored.
 * {@link #gc(GcOptions)} deletes the blobs nothing needs any more.
 *
 * <h2>Memory</h2> Content is streamed through fixed buffers and staging files, never held whole, so files
 * larger than the heap go through.
 *
 * <h2>Threads</h2> A FileStore is thread-safe; each call uses the calling thread's connection.
 */
public final class FileStore extends View {

	private static final String UPSERT = "INSERT INTO filestore (key, size, content_type, name, created_at) "
			+ "VALUES (?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET size = excluded.size, "
			+ "content_type = coalesce(excluded.content_type, filestore.content_type), "
			+ "name = coalesce(excluded.name, filestore.name)";

	private static final String COLUMNS = "SELECT key, size, content_type, name, created_at FROM filestore ";

	private static final String SELECT_ONE = COLUMNS + "WHERE key = ?";

	private static final String SELECT_PAGE = COLUMNS + "WHERE key > ? ORDER BY key LIMIT ?";

	private static final String EXISTS = "SELECT 1 FROM filestore WHERE key = ?";

	private static final String DELETE = "DELETE FROM filestore WHERE key = ?";

	private final FileStoreOptions options;

	private final BlobGuard guard = new BlobGuard();

	private final GarbageCollector collector;

	private final ObjectNames names;

	public FileStore(ViewContext context) {
		this(context, FileStoreOptions.defaults());
	}

	public FileStore(ViewContext context, FileStoreOptions options) {
		super(context);
		this.options = Objects.requireNonNull(options, "options");
		this.names = context.objectNames();
		this.collector = new GarbageCollector(context.bucket(), options, this.guard, this::liveBlobs,
				() -> blobNames(context.retainedReferences(FileReferenceSource.NAME)), names);
		context.registerReferenceSource(new FileReferenceSource());
	}

	/**
	 * The source of the references every generation must record for FileStore's gc to be safe. The engine
	 * registers it at start, before any flush, whether or not the application ever opens a FileStore: restored
	 * content may hold {@code filestore} rows that a later gc must still honour.
	 */
	public static ReferenceSource referenceSource() {
		return new FileReferenceSource();
	}

	@Override
	protected void createSchema(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS filestore (key TEXT PRIMARY KEY NOT NULL, "
					+ "size INTEGER NOT NULL, content_type TEXT, name TEXT, created_at INTEGER NOT NULL)");
		}
	}

	/** Stores the content of {@code source}, recording its file name. */
	public String put(Path source) {
		return put(source, PutOptions.none());
	}

	/**
	 * Stores the content of {@code source}, recording {@code options} (the name defaults to the file's name).
	 * @return the key of the content
	 * @throws InvalidFilePathException if {@code source} is null, missing or a directory
	 */
	public String put(Path source, PutOptions options) {
		Objects.requireNonNull(options, "options");
		if (source == null) {
			throw new InvalidFilePathException(null, "no source file was given to FileStore.put");
		}
		if (Files.isDirectory(source)) {
			throw new InvalidFilePathException(source, "it is a directory; FileStore.put stores one file");
		}
		PutOptions named = (options.name() != null || source.getFileName() == null) ? options
				: options.withName(source.getFileName().toString());
		try (InputStream content = Files.newInputStream(source)) {
			return put(content, named);
		}
		catch (NoSuchFileException ex) {
			throw new InvalidFilePathException(source, "no such file to put into the FileStore");
		}
		catch (IOException ex) {
			throw new FileStoreException("Cannot read " + source + " to put it into the FileStore: " + ex, ex);
		}
	}

	/** Stores the rest of {@code content}; the caller closes the stream. */
	public String put(InputStream content) {
		return put(content, PutOptions.none());
	}

	/**
	 * Stores the rest of {@code content} with the metadata in {@code options}; the caller closes the stream. The
	 * content is first copied to a staging file while being hashed, so that what is uploaded is exactly what was
	 * hashed, in constant memory. The blob is not uploaded if the bucket already has it. The row is upserted: a
	 * second put of the same content keeps the first {@code created_at} and replaces the content type and name
	 * only with non-null ones.
	 * @return the key of the content
	 */
	public String put(InputStream content, PutOptions options) {
		Objects.requireNonNull(content, "content");
		Objects.requireNonNull(options, "options");
		Path staging = createStagingFile();
		try {
			HashingCopy.Copied copied = copy(content, staging);
			String blob = FileKeys.blobName(copied.key(), names);
			guard.hold(blob);
			try {
				upload(copied, staging);
				record(copied, options);
			}
			finally {
				guard.release(blob);
			}
			return copied.key();
		}
		finally {
			deleteQuietly(staging);
		}
	}

	/** Stores {@code content}. */
	public String put(byte[] content) {
		return put(content, PutOptions.none());
	}

	/** Stores {@code content} with the metadata in {@code options}. */
	public String put(byte[] content, PutOptions options) {
		return put(new ByteArrayInputStream(content), options);
	}

	/**
	 * Writes the content of {@code key} to {@code destination}, creating its parent directories. The download goes
	 * to a temporary file in the destination's directory and replaces the destination atomically (where the file
	 * system allows) only once its hash matches the key, so readers never see a partial or corrupt file.
	 * @return {@code destination}
	 * @throws InvalidFileKeyException if {@code key} is not a key
	 * @throws FileNotFoundInStoreException if the store does not hold {@code key}
	 * @throws BlobMissingException if the store holds {@code key} but the bucket lost its blob
	 * @throws BlobCorruptException if the blob does not hash to {@code key}; {@code destination} is untouched
	 * @throws InvalidFilePathException if {@code destination} is null or a directory
	 */
	public Path get(String key, Path destination) {
		FileKeys.check(key);
		if (destination == null) {
			throw new InvalidFilePathException(null, "no destination was given to FileStore.get for '" + key + "'");
		}
		Path target = destination.toAbsolutePath();
		if (Files.isDirectory(target)) {
			throw new InvalidFilePathException(destination, "it is a directory; give FileStore.get the path of the "
					+ "file to write '" + key + "' to");
		}
		requireHeld(key);
		Path part = null;
		try (InputStream blob = openBlob(key)) {
			Files.createDirectories(target.getParent());
			part = Files.createTempFile(target.getParent(), ".bh-download-", ".part");
			HashingCopy.Copied copied = HashingCopy.copy(blob, part);
			if (!copied.key().equals(key)) {
				throw new BlobCorruptException(key, objectKey(key), copied.key(),
						destination + " was left untouched");
			}
			moveIntoPlace(part, target);
			return destination;
		}
		catch (IOException ex) {
			throw new FileStoreException("Cannot download '" + key + "' to " + destination + ": " + ex, ex);
		}
		finally {
			if (part != null) {
				deleteQuietly(part);
			}
		}
	}

	/**
	 * Opens a stream over the content of {@code key}; the caller closes it. The stream checks the content against
	 * the key when it reaches the end and throws the unchecked {@link BlobCorruptException} from {@code read}
	 * instead of signalling the end if they differ, so consume it to the end before trusting it.
	 * @throws InvalidFileKeyException if {@code key} is not a key
	 * @throws FileNotFoundInStoreException if the store does not hold {@code key}
	 * @throws BlobMissingException if the store holds {@code key} but the bucket lost its blob
	 */
	public InputStream open(String key) {
		FileKeys.check(key);
		requireHeld(key);
		return new VerifyingInputStream(openBlob(key), key, objectKey(key));
	}

	/** Whether the store holds {@code key} (has its row; the blob is not checked). */
	public boolean exists(String key) {
		FileKeys.check(key);
		PreparedStatement select = context().prepare(EXISTS);
		try {
			select.setString(1, key);
			try (ResultSet row = select.executeQuery()) {
				return row.next();
			}
		}
		catch (SQLException ex) {
			throw failure("look up '" + key + "'", ex);
		}
	}

	/** What the store records about {@code key}, or empty if it does not hold it. */
	public Optional<FileInfo> stat(String key) {
		FileKeys.check(key);
		PreparedStatement select = context().prepare(SELECT_ONE);
		try {
			select.setString(1, key);
			try (ResultSet row = select.executeQuery()) {
				return row.next() ? Optional.of(info(row)) : Optional.empty();
			}
		}
		catch (SQLException ex) {
			throw failure("read the metadata of '" + key + "'", ex);
		}
	}

	/** Every file the store holds, in key order. */
	public List<FileInfo> list() {
		return list(Integer.MAX_VALUE, null);
	}

	/**
	 * One page of the files the store holds, in key order: at most {@code limit} files whose keys sort after
	 * {@code afterKey} (pass the last key of the previous page, or null to start).
	 */
	public List<FileInfo> list(int limit, @Nullable String afterKey) {
		if (limit < 1) {
			throw new IllegalArgumentException("FileStore.list limit must be at least 1, got " + limit);
		}
		PreparedStatement select = context().prepare(SELECT_PAGE);
		try {
			select.setString(1, (afterKey != null) ? afterKey : "");
			select.setInt(2, limit);
			List<FileInfo> page = new ArrayList<>();
			try (ResultSet rows = select.executeQuery()) {
				while (rows.next()) {
					page.add(info(rows));
				}
			}
			return page;
		}
		catch (SQLException ex) {
			throw failure("list its files after '" + afterKey + "'", ex);
		}
	}

	/**
	 * Removes {@code key} from the store. The blob stays in the bucket until a {@link #gc(GcOptions) collection}
	 * finds nothing needs it.
	 * @return whether the store held {@code key}
	 */
	public boolean delete(String key) {
		FileKeys.check(key);
		PreparedStatement delete = context().prepare(DELETE);
		try {
			delete.setString(1, key);
			return delete.executeUpdate() > 0;
		}
		catch (SQLException ex) {
			throw failure("delete '" + key + "'", ex);
		}
	}

	/** Deletes the blobs nothing needs any more; see {@link #gc(GcOptions)}. */
	public GcReport gc() {
		return gc(GcOptions.defaults());
	}

	/**
	 * Deletes the blobs under the object prefix that are not referenced by the live {@code filestore} table, not
	 * referenced by any snapshot generation that a branch retains, and older than
	 * {@link FileStoreOptions#gcGracePeriod()}, so that a blob uploaded by a put still in flight (here or in
	 * another process) is never deleted. Objects under the prefix that are not named like keys are left alone.
	 */
	public GcReport gc(GcOptions gcOptions) {
		return collector.collect(Objects.requireNonNull(gcOptions, "gcOptions"));
	}

	/** The bucket object that holds the blob of {@code key}. */
	public String objectKey(String key) {
		return options.objectPrefix() + FileKeys.blobName(FileKeys.check(key), names);
	}

	/**
	 * Which blob names the live table references. By key when names are the keys; keyed names cannot be turned
	 * back into keys, so then the table's keys are mapped to names, once per call.
	 */
	private Predicate<String> liveBlobs() {
		if (!names.keyed()) {
			return this::exists;
		}
		Set<String> live = new HashSet<>();
		try (Statement statement = context().connection().createStatement();
				ResultSet rows = statement.executeQuery("SELECT key FROM filestore")) {
			while (rows.next()) {
				live.add(FileKeys.blobName(rows.getString(1), names));
			}
		}
		catch (SQLException ex) {
			throw failure("read the keys of the live table for gc", ex);
		}
		return live::contains;
	}

	private Set<String> blobNames(Set<String> keys) {
		Set<String> blobs = new HashSet<>();
		keys.forEach((key) -> blobs.add(FileKeys.isKey(key) ? FileKeys.blobName(key, names) : key));
		return blobs;
	}

	private HashingCopy.Copied copy(InputStream content, Path staging) {
		try {
			return HashingCopy.copy(content, staging);
		}
		catch (IOException ex) {
			throw new FileStoreException("Cannot read the content to put into the FileStore (staging it at " + staging
					+ "): " + ex, ex);
		}
	}

	private void upload(HashingCopy.Copied copied, Path staging) {
		String objectKey = objectKey(copied.key());
		Optional<ObjectInfo> existing = bucket().head(objectKey);
		// A blob of the wrong size is a damaged copy: upload over it rather than trust it.
		if (existing.isEmpty() || existing.get().size() != copied.size()) {
			bucket().putFile(objectKey, staging);
		}
	}

	private void record(HashingCopy.Copied copied, PutOptions options) {
		PreparedStatement upsert = context().prepare(UPSERT);
		try {
			upsert.setString(1, copied.key());
			upsert.setLong(2, copied.size());
			setNullable(upsert, 3, options.contentType());
			setNullable(upsert, 4, options.name());
			upsert.setLong(5, this.options.clock().millis());
			upsert.executeUpdate();
		}
		catch (SQLException ex) {
			throw failure("record '" + copied.key() + "' (its blob is in the bucket; put it again)", ex);
		}
	}

	private void requireHeld(String key) {
		if (!exists(key)) {
			throw new FileNotFoundInStoreException(key);
		}
	}

	private InputStream openBlob(String key) {
		String objectKey = objectKey(key);
		return bucket().openStream(objectKey)
			.orElseThrow(() -> new BlobMissingException(key, objectKey, bucket().describe()));
	}

	private static FileInfo info(ResultSet row) throws SQLException {
		return new FileInfo(row.getString(1), row.getLong(2), row.getString(3), row.getString(4),
				Instant.ofEpochMilli(row.getLong(5)));
	}

	private static void setNullable(PreparedStatement statement, int index, @Nullable String value)
			throws SQLException {
		if (value != null) {
			statement.setString(index, value);
		}
		else {
			statement.setNull(index, Types.VARCHAR);
		}
	}

	private static Path createStagingFile() {
		try {
			return Files.createTempFile("bh-files-", ".staging");
		}
		catch (IOException ex) {
			throw new FileStoreException("Cannot create a staging file for a FileStore put in "
					+ System.getProperty("java.io.tmpdir") + ": " + ex, ex);
		}
	}

	private static void moveIntoPlace(Path source, Path target) throws IOException {
		try {
			Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ignored) {
			// A leftover temporary file is harmless; the operation's own outcome matters more.
		}
	}

}
