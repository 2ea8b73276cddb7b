package dev.buckethead.test.faults;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.BucketException;
import dev.buckethead.bucket.ObjectInfo;
import dev.buckethead.bucket.StoredObject;
import dev.buckethead.bucket.WriteCondition;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BucketClient} that passes every call to a real one, except the calls its rules pick, which it delays,
 * holds until released, or fails: the bucket slow, stuck or broken on demand, for tests that must be fast and
 * must not depend on timing.
 *
 * <pre>{@code
 * FaultyBucketClient bucket = new FaultyBucketClient(realBucket);
 * Hang stuck = bucket.on(Operation.PUT).hang();                 // every PUT waits...
 * ... start a flush on another thread ...
 * stuck.awaitBlocked(1, Duration.ofSeconds(10));                // ...until one is stuck
 * ... assert what must not wait for it ...
 * stuck.release();                                              // the held calls go on to the real bucket
 *
 * bucket.on(Operation.PUT).where((key) -> key.contains("/heads/")).after(2).times(1).fail();
 * bucket.on(Operation.GET).delay(Duration.ofMillis(200));
 * bucket.calls(Operation.PUT);                                  // what was asked of the bucket, in order
 * }</pre>
 * A rule sees every call of its operations whose key its filter accepts, counting them: the first
 * {@link Rule#after(int) after} of them pass untouched, the next {@link Rule#times(int) times} get the fault, the
 * rest pass again. When several rules are in force for a call, the one added first applies. Thread-safe; rules
 * may be added and cleared while calls run.
 */
public final class FaultyBucketClient implements BucketClient {

	/** The operations of {@link BucketClient}; every {@code put} overload is {@link #PUT}. */
	public enum Operation {

		GET, OPEN_STREAM, HEAD, PUT, PUT_FILE, DELETE, LIST

	}

	/** One call made through this client: what, on which key (the prefix for LIST), on which thread, and its fault. */
	public record Call(Operation operation, String key, String thread, @Nullable String fault) {
	}

	private final BucketClient delegate;

	private final List<ActiveRule> rules = new CopyOnWriteArrayList<>();

	private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

	public FaultyBucketClient(BucketClient delegate) {
		this.delegate = delegate;
	}

	/** The client that does the real work. */
	public BucketClient delegate() {
		return delegate;
	}

	/** Starts a rule for calls of {@code operations} (every operation when none is given). */
	public Rule on(Operation... operations) {
		Set<Operation> picked = operations.length == 0 ? EnumSet.allOf(Operation.class)
				: EnumSet.copyOf(List.of(operations));
		return new Rule(picked);
	}

	/** Removes every rule and releases every held call: from now on, all calls pass. */
	public void clearFaults() {
		List<ActiveRule> removed = new ArrayList<>(rules);
		rules.clear();
		removed.forEach((rule) -> rule.fault.release());
	}

	/** Every call made so far, in the order they were made. */
	public List<Call> calls() {
		return List.copyOf(calls);
	}

	/** The calls of {@code operation} made so far, in order. */
	public List<Call> calls(Operation operation) {
		return calls.stream().filter((call) -> call.operation() == operation).toList();
	}

	/** Forgets the calls made so far; rules keep their counts. */
	public void clearCalls() {
		calls.clear();
	}

	@Override
	public Optional<StoredObject> get(String key) {
		return call(Operation.GET, key, () -> delegate.get(key));
	}

	@Override
	public Optional<InputStream> openStream(String key) {
		return call(Operation.OPEN_STREAM, key, () -> delegate.openStream(key));
	}

	@Override
	public Optional<ObjectInfo> head(String key) {
		return call(Operation.HEAD, key, () -> delegate.head(key));
	}

	@Override
	public String put(String key, byte[] data, int length, WriteCondition condition) {
		return call(Operation.PUT, key, () -> delegate.put(key, data, length, condition));
	}

	@Override
	public String putFile(String key, Path file) {
		return call(Operation.PUT_FILE, key, () -> delegate.putFile(key, file));
	}

	@Override
	public void delete(String key) {
		call(Operation.DELETE, key, () -> {
			delegate.delete(key);
			return null;
		});
	}

	@Override
	public List<ObjectInfo> list(String prefix) {
		return call(Operation.LIST, prefix, () -> delegate.list(prefix));
	}

	@Override
	public String describe() {
		return delegate.describe();
	}

	/** Releases every held call, then closes the delegate. */
	@Override
	public void close() {
		rules.forEach((rule) -> rule.fault.release());
		delegate.close();
	}

	@Override
	public String toString() {
		return "FaultyBucketClient[" + delegate + ", " + rules.size() + " rules]";
	}

	private <T> T call(Operation operation, String key, Supplier<T> real) {
		Fault fault = null;
		for (ActiveRule rule : rules) {
			if (rule.counts(operation, key) && fault == null) {
				fault = rule.fault;
			}
		}
		calls.add(new Call(operation, key, Thread.currentThread().getName(),
				fault == null ? null : fault.describe()));
		if (fault != null) {
			fault.apply(operation, key);
		}
		return real.get();
	}

	/** A rule being written: which calls it picks; it is in force once a fault is chosen. */
	public final class Rule {

		private final Set<Operation> operations;

		private Predicate<String> keys = (key) -> true;

		private int after;

		private int times = -1;

		private Rule(Set<Operation> operations) {
			this.operations = operations;
		}

		/** Only calls whose key (the prefix, for LIST) {@code filter} accepts. */
		public Rule where(Predicate<String> filter) {
			this.keys = filter;
			return this;
		}

		/** Lets the first {@code calls} calls this rule picks pass untouched: "fail after N calls". */
		public Rule after(int calls) {
			if (calls < 0) {
				throw new IllegalArgumentException("after must not be negative, got " + calls);
			}
			this.after = calls;
			return this;
		}

		/** Applies the fault to this many calls, then lets calls pass again; every call by default. */
		public Rule times(int calls) {
			if (calls < 1) {
				throw new IllegalArgumentException("times must be at least 1, got " + calls);
			}
			this.times = calls;
			return this;
		}

		/** Makes each picked call wait {@code latency}, then go on to the real bucket. */
		public void delay(Duration latency) {
			install(Fault.delay(latency));
		}

		/**
		 * Holds each picked call until {@link Hang#release()}, then lets it go on to the real bucket; a held
		 * thread that is interrupted fails with a {@link BucketException}, as a real client's would.
		 */
		public Hang hang() {
			Hang hang = Fault.hang(null);
			install(hang);
			return hang;
		}

		/**
		 * Holds each picked call until released or, at the latest, for {@code deadline}, then fails it with a
		 * {@link BucketException} as a real client's own deadline would.
		 */
		public Hang hangAtMost(Duration deadline) {
			Hang hang = Fault.hang(deadline);
			install(hang);
			return hang;
		}

		/** Fails each picked call with a {@link BucketException} naming the operation and key. */
		public void fail() {
			install(Fault.fail(null));
		}

		/** Fails each picked call with the exception {@code error} makes. */
		public void fail(Supplier<? extends RuntimeException> error) {
			install(Fault.fail(error));
		}

		private void install(Fault fault) {
			rules.add(new ActiveRule(operations, keys, after, times, fault));
		}

	}

	private static final class ActiveRule {

		private final Set<Operation> operations;

		private final Predicate<String> keys;

		private final int after;

		private final int times;

		private final Fault fault;

		private final AtomicInteger seen = new AtomicInteger();

		ActiveRule(Set<Operation> operations, Predicate<String> keys, int after, int times, Fault fault) {
			this.operations = operations;
			this.keys = keys;
			this.after = after;
			this.times = times;
			this.fault = fault;
		}

		/** Counts the call if this rule picks it; true when the fault applies to it. */
		boolean counts(Operation operation, String key) {
			if (!operations.contains(operation) || !keys.test(key)) {
				return false;
			}
			int number = seen.incrementAndGet();
			return number > after && (times < 0 || number <= after + times);
		}

	}

}
