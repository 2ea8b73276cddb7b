package dev.buckethead.kv;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The {@link Map} view of a {@link KvStore} returned by {@link KvStore#asMap()}. Single-key operations go
 * straight to the store; iteration walks a key-ordered list fetched when the iterator is created, writing
 * removals and {@code setValue} through. Keys that are not strings are simply absent.
 */
final class KvMap extends AbstractMap<String, String> {

	private final KvStore store;

	private final Set<Entry<String, String>> entrySet = new EntrySet();

	private final Set<String> keySet = new KeySet();

	KvMap(KvStore store) {
		this.store = store;
	}

	@Override
	public int size() {
		return (int) Math.min(store.size(), Integer.MAX_VALUE);
	}

	@Override
	public boolean containsKey(Object key) {
		return (key instanceof String string) && store.contains(string);
	}

	@Override
	public @Nullable String get(Object key) {
		return (key instanceof String string) ? store.get(string) : null;
	}

	@Override
	public @Nullable String put(String key, String value) {
		return store.getAndSet(key, value);
	}

	@Override
	public @Nullable String remove(Object key) {
		return (key instanceof String string) ? store.getAndDelete(string) : null;
	}

	@Override
	public void clear() {
		store.clear();
	}

	@Override
	public Set<String> keySet() {
		return keySet;
	}

	@Override
	public Set<Entry<String, String>> entrySet() {
		return entrySet;
	}

	/** Iterates a fetched list, deleting the last element returned from the store on {@link #remove()}. */
	private abstract class WriteThroughIterator<T> implements Iterator<T> {

		private final Iterator<T> fetched;

		private @Nullable String lastKey;

		WriteThroughIterator(List<T> fetched) {
			this.fetched = fetched.iterator();
		}

		abstract String keyOf(T element);

		@Override
		public boolean hasNext() {
			return fetched.hasNext();
		}

		@Override
		public T next() {
			T element = fetched.next();
			lastKey = keyOf(element);
			return element;
		}

		@Override
		public void remove() {
			if (lastKey == null) {
				throw new IllegalStateException("next() has not been called, or remove() was already called");
			}
			store.delete(lastKey);
			lastKey = null;
		}

	}

	private final class KeySet extends AbstractSet<String> {

		@Override
		public Iterator<String> iterator() {
			return new WriteThroughIterator<>(store.keys()) {

				@Override
				String keyOf(String key) {
					return key;
				}

			};
		}

		@Override
		public int size() {
			return KvMap.this.size();
		}

		@Override
		public boolean contains(Object key) {
			return containsKey(key);
		}

		@Override
		public boolean remove(Object key) {
			return (key instanceof String string) && store.delete(string);
		}

		@Override
		public void clear() {
			store.clear();
		}

	}

	private final class EntrySet extends AbstractSet<Entry<String, String>> {

		@Override
		public Iterator<Entry<String, String>> iterator() {
			List<Entry<String, String>> entries = new ArrayList<>();
			for (Entry<String, String> entry : store.entries().entrySet()) {
				entries.add(new WriteThroughEntry(entry));
			}
			return new WriteThroughIterator<>(entries) {

				@Override
				String keyOf(Entry<String, String> entry) {
					return entry.getKey();
				}

			};
		}

		@Override
		public int size() {
			return KvMap.this.size();
		}

		@Override
		public void clear() {
			store.clear();
		}

	}

	/** An entry whose {@link #setValue} stores the new value. */
	private final class WriteThroughEntry extends SimpleEntry<String, String> {

		WriteThroughEntry(Entry<String, String> entry) {
			super(entry);
		}

		@Override
		public String setValue(String value) {
			store.set(getKey(), value);
			return super.setValue(value);
		}

	}

}
