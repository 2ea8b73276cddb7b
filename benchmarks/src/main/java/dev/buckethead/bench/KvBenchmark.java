package dev.buckethead.bench;

import java.util.concurrent.ThreadLocalRandom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Single-key get and put with uniformly random keys over a pre-filled key space, 100-byte values. Run by
 * {@link KvSection} in JMH's SampleTime mode (per-operation latency percentiles), with 1 and 2 threads.
 */
public class KvBenchmark {

	@State(Scope.Benchmark)
	public static class Store {

		@Param({ "kv-FILE", "kv-MEMORY", "redis", "h2", "chm" })
		public String backend;

		@Param({ "100000" })
		public int keys;

		KvBackend store;

		@Setup(Level.Trial)
		public void setUp() throws Exception {
			store = KvBackend.create(backend, keys);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			store.close();
		}

	}

	@State(Scope.Thread)
	public static class Client {

		KvBackend.Handle handle;

		String[] keys;

		String[] values;

		int next;

		@Setup(Level.Trial)
		public void setUp(Store store) {
			handle = store.store.handle();
			// Random key order prepared up front so that picking a key costs nothing measurable.
			keys = new String[1 << 16];
			values = new String[keys.length];
			ThreadLocalRandom random = ThreadLocalRandom.current();
			for (int i = 0; i < keys.length; i++) {
				keys[i] = KvBackend.key(random.nextInt(store.keys));
				values[i] = KvBackend.value(random.nextInt());
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			handle.close();
		}

	}

	@Benchmark
	public String get(Client client) {
		int i = client.next++ & (client.keys.length - 1);
		return client.handle.get(client.keys[i]);
	}

	@Benchmark
	public void put(Client client) {
		int i = client.next++ & (client.keys.length - 1);
		client.handle.put(client.keys[i], client.values[i]);
	}

}
