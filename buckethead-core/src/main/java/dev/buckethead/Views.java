package dev.buckethead;

import java.util.function.Supplier;

import dev.buckethead.docs.DocStore;
import dev.buckethead.files.FileStore;
import dev.buckethead.files.FileStoreOptions;
import dev.buckethead.kv.KvOptions;
import dev.buckethead.kv.KvStore;
import dev.buckethead.view.ViewContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The typed views of one running engine, each created on first use so that an application that never uses a
 * view never gets its tables.
 */
final class Views {

	private final ViewContext context;

	private final KvOptions kvOptions;

	private final JsonMapper jsonMapper;

	private final Lazy<KvStore> kv;

	private final Lazy<DocStore> docs;

	private final Lazy<FileStore> files;

	Views(ViewContext context, KvOptions kvOptions, JsonMapper jsonMapper, FileStoreOptions fileOptions) {
		this.context = context;
		this.kvOptions = kvOptions;
		this.jsonMapper = jsonMapper;
		this.kv = new Lazy<>(() -> new KvStore(this.context, this.kvOptions));
		this.docs = new Lazy<>(() -> new DocStore(this.context, this.jsonMapper));
		this.files = new Lazy<>(() -> new FileStore(this.context, fileOptions));
	}

	KvStore kv() {
		return kv.get();
	}

	DocStore docs() {
		return docs.get();
	}

	FileStore files() {
		return files.get();
	}

	/** Creates its value once, on first use, whichever thread asks first. */
	private static final class Lazy<T> {

		private final Supplier<T> factory;

		private volatile T value;

		Lazy(Supplier<T> factory) {
			this.factory = factory;
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
