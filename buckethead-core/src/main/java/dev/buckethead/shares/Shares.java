package dev.buckethead.shares;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.BucketException;
import dev.buckethead.bucket.ObjectInfo;
import dev.buckethead.bucket.S3BucketClient;
import dev.buckethead.bucket.S3LinkSigner;
import dev.buckethead.files.FileInfo;
import dev.buckethead.files.FileStore;
import org.jspecify.annotations.Nullable;

/**
 * Shareable links to {@link FileStore} blobs, like the original library's {@code bh.shares}. {@link #share(String)}
 * copies the blob into the share bucket ({@code shares/<key>/<original name>}) and returns a link: the public URL
 * when the share bucket is public-read ({@link ShareConfig#publicBaseUrl()}), otherwise a presigned GET that
 * expires. The database's own bucket is never exposed.
 * <pre>{@code
 * try (Shares shares = new Shares(db.files(), ShareConfig.fromEnvironment().orElseThrow(Shares::notConfigured))) {
 *     ShareResult link = shares.share(key, Duration.ofDays(1));
 * }
 * }</pre>
 * A copy stays in the share bucket until {@link #unshare(String) unshared}, even after a presigned link expires
 * (share it again for a new link; the copy is not uploaded twice). Copies are streamed through a temporary
 * file, so files of any size can be shared in constant memory. Thread-safe.
 */
public final class Shares implements AutoCloseable {

	private final FileStore files;

	private final BucketClient shareBucket;

	private final S3LinkSigner signer;

	private final ShareConfig config;

	private final boolean ownsClients;

	/** Shares through the bucket {@code config} describes, with a client and presigner it owns and closes. */
	public Shares(FileStore files, ShareConfig config) {
		this(files, new S3BucketClient(config.bucketConfig()), new S3LinkSigner(config.bucketConfig()), config, true);
	}

	/**
	 * Shares through clients configured elsewhere, which are used as they are and never closed here.
	 * {@code signer} must sign for {@code shareBucket}.
	 */
	public Shares(FileStore files, BucketClient shareBucket, S3LinkSigner signer, ShareConfig config) {
		this(files, shareBucket, signer, config, false);
	}

	private Shares(FileStore files, BucketClient shareBucket, S3LinkSigner signer, ShareConfig config,
			boolean ownsClients) {
		this.files = Objects.requireNonNull(files, "files");
		this.shareBucket = Objects.requireNonNull(shareBucket, "shareBucket");
		this.signer = Objects.requireNonNull(signer, "signer");
		this.config = Objects.requireNonNull(config, "config");
		this.ownsClients = ownsClients;
	}

	/**
	 * The error to throw when sharing is asked for and no share bucket is configured; its message says how to
	 * configure one. For {@code BucketSQLite.shares()}.
	 */
	public static SharesNotConfiguredException notConfigured() {
		return new SharesNotConfiguredException();
	}

	/** Shares {@code key} for {@link ShareConfig#defaultLifetime()} (for ever on a public bucket). */
	public ShareResult share(String key) {
		return share(key, config.defaultLifetime());
	}

	/**
	 * Copies the content of {@code key} to the share bucket, unless an intact copy is there already, and returns
	 * its link. On a public-read share bucket the link is its public URL and {@code lifetime} is only checked;
	 * otherwise it is a presigned GET valid for {@code lifetime}.
	 * @throws ShareKeyNotFoundException if the FileStore does not hold {@code key}
	 * @throws InvalidShareLifetimeException if {@code lifetime} is under a second or over 7 days
	 */
	public ShareResult share(String key, Duration lifetime) {
		if (!ShareConfig.isValidLifetime(lifetime)) {
			throw new InvalidShareLifetimeException(key, lifetime);
		}
		FileInfo file = files.stat(key).orElseThrow(() -> new ShareKeyNotFoundException(key));
		String objectKey = ObjectKeys.of(file);
		Optional<ObjectInfo> existing = shareBucket.head(objectKey);
		if (existing.isEmpty() || existing.get().size() != file.size()) {
			copy(key, objectKey);
		}
		String publicBaseUrl = config.publicBaseUrl();
		if (publicBaseUrl != null) {
			return new ShareResult(key, objectKey, ObjectKeys.publicUrl(publicBaseUrl, objectKey), null, true);
		}
		S3LinkSigner.PresignedLink link = presign(objectKey, lifetime);
		return new ShareResult(key, objectKey, link.url(), link.expiration(), false);
	}

	/**
	 * Deletes every copy of {@code key} from the share bucket, so that its public URL stops working. Presigned
	 * links stop working too, as they point at the deleted copy.
	 * @return whether there was a copy
	 */
	public boolean unshare(String key) {
		files.objectKey(key); // Checks the key's form, so that no prefix but a key's is ever deleted.
		List<ObjectInfo> copies = shareBucket.list(ObjectKeys.prefixOf(key));
		copies.forEach((copy) -> shareBucket.delete(copy.key()));
		return !copies.isEmpty();
	}

	/** What is shared: every copy in the share bucket, in object key order. */
	public List<SharedFile> list() {
		List<SharedFile> shared = new ArrayList<>();
		for (ObjectInfo object : shareBucket.list(ShareConfig.OBJECT_PREFIX)) {
			String key = ObjectKeys.keyOf(object.key());
			if (key != null) {
				shared.add(new SharedFile(key, object.key(), object.size(), object.lastModified()));
			}
		}
		return shared;
	}

	/** The share bucket's settings. */
	public ShareConfig config() {
		return config;
	}

	/** Closes the client and signer when this built them from a {@link ShareConfig}. */
	@Override
	public void close() {
		if (ownsClients) {
			shareBucket.close();
			signer.close();
		}
	}

	private void copy(String key, String objectKey) {
		Path staging = null;
		try (InputStream content = files.open(key)) {
			staging = Files.createTempFile("bh-share-", ".staging");
			Files.copy(content, staging, StandardCopyOption.REPLACE_EXISTING);
			shareBucket.putFile(objectKey, staging);
		}
		catch (IOException ex) {
			throw new ShareException("Cannot copy '" + key + "' to " + objectKey + " in " + shareBucket.describe()
					+ " (staging it in " + System.getProperty("java.io.tmpdir") + "): " + ex, ex);
		}
		finally {
			deleteQuietly(staging);
		}
	}

	private S3LinkSigner.PresignedLink presign(String objectKey, Duration lifetime) {
		try {
			return signer.presignGet(objectKey, lifetime);
		}
		catch (BucketException ex) {
			throw new ShareException(ex.getMessage(), ex);
		}
	}

	private static void deleteQuietly(@Nullable Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ignored) {
				// A leftover staging file is harmless; the share's own outcome matters more.
			}
		}
	}

}
