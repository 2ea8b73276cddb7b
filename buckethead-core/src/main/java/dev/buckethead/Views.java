package dev.buckethead;

import java.util.function.Supplier;

import dev.buckethead.docs.DocStore;
import dev.buckethead.files.FileStore;
import dev.buckethead.files.FileStoreOptions;
import dev.buckethead.kv.KvOptions;
import dev.buckethead.kv.KvStore;
import dev.buckethead.shares.ShareConfig;
import dev.buckethead.shares.Shares;
import dev.buckethead.tracker.LocalFileTracker;
import dev.buckethead.tracker.TrackerOptions;
import dev.buckethead.view.ViewContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The typed views of one running engine, each created on first use so that an application that never uses a
 * view never gets its tables.
 */
public final class Views {

	private final ViewContext context;

	private final KvOptions kvOptions;

	private final JsonMapper jsonMapper;

	private final Lazy<KvStore> kv;

	private final Lazy<DocStore> docs;

	private final Lazy<FileStore> files;

	private final Lazy<LocalFileTracker> tracker;

	private final Lazy<Shares> shares;

	public Views(ViewContext context, KvOptions kvOptions, JsonMapper jsonMapper, FileStoreOptions fileOptions,
			TrackerOptions trackerOptions, @Nullable ShareConfig shareConfig) {
		this.context = context;
		this.kvOptions = kvOptions;
		this.jsonMapper = jsonMapper;
		this.kv = new Lazy<>(() -> new KvStore(this.context, this.kvOptions));
		this.docs = new Lazy<>(() -> new DocStore(this.context, this.jsonMapper));
		this.files = new Lazy<>(() -> new FileStore(this.context, fileOptions));
		this.tracker = new Lazy<>(() -> new LocalFileTracker(this.context, files(), trackerOptions));
		this.shares = new Lazy<>(() -> {
			if (shareConfig == null) {
				throw Shares.notConfigured();
			}
			return new Shares(files(), shareConfig);
		});
	}

	public KvStore kv() {
		return kv.get();
	}

	public DocStore docs() {
		return docs.get();
	}

	public FileStore files() {
		return files.get();
	}

	public LocalFileTracker tracker() {
		return tracker.get();
	}

	public Shares shares() {
		return shares.get();
	}

	/** Releases what views hold outside the database (the share bucket's client). */
	public void close() {
		shares.ifCreated(Shares::close);
	}

	/** Creates its value once, on first use, whichever thread asks first. */
	private static final class Lazy<T> {

		private final Supplier<T> factory;

		private volatile T value;

		Lazy(Supplier<T> factory) {
			this.factory = factory;
		}

		void ifCreated(java.util.function.Consumer<T> action) {
			T current = value;
			if (current != null) {
				action.accept(current);
			}
		}

		T get() {
			T current = value;
			if (current == null) {
				synchronized (this) {
					current = value;
					if (current == null) {
						current = factory.get();
						value = current;
					}
				}
			}
			return current;
		}

	}

}
