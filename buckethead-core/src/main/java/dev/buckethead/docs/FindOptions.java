package dev.buckethead.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * How {@link DocCollection#find(Object, FindOptions)} orders, pages and shapes its results, and which document the
 * {@code findOneAnd...} methods pick. Immutable; each method returns a copy:
 * {@code FindOptions.defaults().sortDescending("age").sortAscending("name").limit(10)}.
 * <p>
 * Sorting follows MongoDB's order across types: an empty array first, then missing and null, numbers (integers
 * and decimals together), strings, objects, arrays, booleans. An array sorts by its smallest element when
 * ascending and by its largest when descending, and a path through an array of documents ({@code items.qty})
 * sorts by the smallest or largest value it reaches (MongoDB manual, cursor.sort(), "Sort Order" and "Comparison
 * and Sort Order", arrays). Ties are broken by id, and a query that sorts or pages is ordered by id at least, so
 * that paging is stable.
 */
public final class FindOptions {

	private static final FindOptions DEFAULTS = new FindOptions(List.of(), 0, null, Map.of());

	private final List<SortKey> sort;

	private final long skip;

	private final @Nullable Long limit;

	private final Map<String, Boolean> projection;

	private FindOptions(List<SortKey> sort, long skip, @Nullable Long limit, Map<String, Boolean> projection) {
		this.sort = List.copyOf(sort);
		this.skip = skip;
		this.limit = limit;
		this.projection = projection;
	}

	/** No sort (order unspecified), no skip, no limit, whole documents. */
	public static FindOptions defaults() {
		return DEFAULTS;
	}

	public FindOptions sortAscending(String path) {
		return sort(path, true);
	}

	public FindOptions sortDescending(String path) {
		return sort(path, false);
	}

	private FindOptions sort(String path, boolean ascending) {
		List<SortKey> keys = new ArrayList<>(this.sort);
		keys.add(new SortKey(JsonPath.parse(path), ascending));
		return new FindOptions(keys, this.skip, this.limit, this.projection);
	}

	public FindOptions skip(long skip) {
		if (skip < 0) {
			throw new IllegalArgumentException("skip must not be negative, got " + skip);
		}
		return new FindOptions(this.sort, skip, this.limit, this.projection);
	}

	/** At most {@code limit} documents; {@code 0} means no limit, as in MongoDB. */
	public FindOptions limit(long limit) {
		if (limit < 0) {
			throw new IllegalArgumentException("limit must not be negative, got " + limit);
		}
		return new FindOptions(this.sort, this.skip, (limit != 0) ? limit : null, this.projection);
	}

	/** Returns only these fields (plus {@code _id} unless excluded). */
	public FindOptions include(String... paths) {
		return project(paths, true);
	}

	/** Returns everything but these fields. */
	public FindOptions exclude(String... paths) {
		return project(paths, false);
	}

	private FindOptions project(String[] paths, boolean include) {
		Map<String, Boolean> projection = new LinkedHashMap<>(this.projection);
		for (String path : paths) {
			projection.put(JsonPath.parse(path).dotted(), include);
		}
		return new FindOptions(this.sort, this.skip, this.limit, projection);
	}

	List<SortKey> sortKeys() {
		return this.sort;
	}

	long skip() {
		return this.skip;
	}

	@Nullable Long limit() {
		return this.limit;
	}

	Projection projection() {
		return Projection.of(this.projection);
	}

	/** One sort key; {@link SortTerms} turns it into SQL. */
	record SortKey(JsonPath path, boolean ascending) {
	}

}
