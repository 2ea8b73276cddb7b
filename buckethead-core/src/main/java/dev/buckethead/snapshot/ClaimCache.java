package dev.buckethead.snapshot;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The step claims this process has read or written, by key. A claim is created once with If-None-Match and never
 * rewritten (a step number is not reused within a lineage), so a claim seen once stays what it is until it is
 * deleted: gc, which reads every retained claim on each run, and head recovery then need no GET for claims they
 * already know. Only claims known to exist are kept (an absent step is always asked again), and every deletion
 * through the store drops its entry.
 * <p>
 * Bounded: once {@link #MAX_CLAIMS} are held, further claims are not added (a scan larger than the cache still
 * hits on the ones held, where evicting the oldest would make it hit on none). Strings that repeat from claim to
 * claim (branch, lineage, writer, base, reference keys) are shared, so a delta step's claim costs ~300 bytes.
 */
final class ClaimCache {

	/** A day of one-second flushes with some room: ~30 MB at most. */
	static final int MAX_CLAIMS = 100_000;

	private final int maxClaims;

	private final Map<String, SuccessorClaim> claims = new HashMap<>();

	private final Map<Object, Object> shared = new HashMap<>();

	ClaimCache() {
		this(MAX_CLAIMS);
	}

	ClaimCache(int maxClaims) {
		this.maxClaims = maxClaims;
	}

	synchronized Optional<SuccessorClaim> get(String key) {
		return Optional.ofNullable(claims.get(key));
	}

	synchronized void put(String key, SuccessorClaim claim) {
		if (claims.size() >= maxClaims && !claims.containsKey(key)) {
			return;
		}
		claims.put(key, compact(claim));
	}

	synchronized void remove(String key) {
		claims.remove(key);
	}

	synchronized void removeAll(Collection<String> keys) {
		keys.forEach(claims::remove);
	}

	synchronized int size() {
		return claims.size();
	}

	private SuccessorClaim compact(SuccessorClaim claim) {
		return new SuccessorClaim(claim.format(), share(claim.branch()), share(claim.lineage()), claim.sequence(),
				claim.after(), claim.generation(), share(claim.writer()), claim.createdAt(), share(claim.kind()),
				share(claim.base()), claim.baseSequence(), claim.pageSize(), claim.pageCount(),
				share(claim.references()), claim.parts());
	}

	@SuppressWarnings("unchecked")
	private <T> @Nullable T share(@Nullable T value) {
		if (value == null) {
			return null;
		}
		if (shared.size() > maxClaims) {
			// Values that are not shared after all (e.g. references that change at every step): start over.
			shared.clear();
		}
		return (T) shared.computeIfAbsent(value, (v) -> v);
	}

}
