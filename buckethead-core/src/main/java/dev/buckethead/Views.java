package dev.buckethead;

import dev.buckethead.kv.KvOptions;
import dev.buckethead.kv.KvStore;
import dev.buckethead.view.ViewContext;

/**
 * The typed views of one running engine, each created on first use so that an application that never uses a
 * view never gets its tables.
 */
final class Views {

	private final ViewContext context;

	private final KvOptions kvOptions;

	private volatile KvStore kv;

	Views(ViewContext context, KvOptions kvOptions) {
		this.context = context;
		this.kvOptions = kvOptions;
	}

	KvStore kv() {
		KvStore current = kv;
		if (current == null) {
			synchronized (this) {
				current = kv;
				if (current == null) {
					current = new KvStore(context, kvOptions);
					kv = current;
				}
			}
		}
		return current;
	}

}
