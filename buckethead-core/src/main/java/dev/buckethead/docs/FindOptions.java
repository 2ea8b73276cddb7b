package dev.buckethead.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * How {@link DocCollection#find(Object, FindOptions)} orders, pages and shapes its results. Immutable; each
 * method returns a copy: {@code FindOptions.defaults().sortDescending("age").sortAscending("name").limit(10)}.
 * <p>
 * Sorting follows MongoDB's order across types: missing and null first, then numbers (integers and decimals
 * together), strings, objects, arrays, booleans. Unlike MongoDB, an array sorts as one value rather than by its
 * smallest or largest element. Ties are broken by id, and a query that sorts or pages is ordered by id at least,
 * so that paging is stable.
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

	public FindOptions limit(long limit) {
		if (limit < 0) {
			throw new IllegalArgumentException("limit must not be negative, got " + limit);
		}
		return new FindOptions(this.sort, this.skip, limit, this.projection);
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

	/** One sort key. */
	record SortKey(JsonPath path, boolean ascending) {

		/** SQL ordering terms: the MongoDB type rank first, then the value. */
		String toSql(String bodyColumn) {
			String literal = this.path.sqlLiteral();
			String direction = this.ascending ? " ASC" : " DESC";
			return "CASE json_type(" + bodyColumn + ", " + literal + ") WHEN 'integer' THEN 1 WHEN 'real' THEN 1"
					+ " WHEN 'text' THEN 2 WHEN 'object' THEN 3 WHEN 'array' THEN 4 WHEN 'false' THEN 5"
					+ " WHEN 'true' THEN 5 ELSE 0 END" + direction + ", json_extract(" + bodyColumn + ", " + literal + ")"
					+ direction;
		}

	}

}
