package dev.buckethead.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.buckethead.BucketSQLite;
import dev.buckethead.docs.DocCollection;
import dev.buckethead.docs.DocStore;

/**
 * Section 5: DocStore find on N documents, equality, range and a long {@code $in} list, without and with an index,
 * and a 15-segment dotted path (which took 36 s on two documents before paths compiled in linear time).
 */
final class DocsBench {

	record Query(String name, String filter, int results, double noIndexNanos, double indexNanos) {
	}

	private final Mode mode;

	private final S3 s3;

	private final Path scratch;

	final List<Query> queries = new ArrayList<>();

	double insertNanos;

	double indexNanos;

	int docs;

	DocsBench(Mode mode, S3 s3, Path scratch) {
		this.mode = mode;
		this.s3 = s3;
		this.scratch = scratch;
	}

	void run() throws Exception {
		docs = mode.docs();
		S3.Bucket bucket = s3.newBucket("docs");
		try (BucketSQLite db = BucketSQLite.builder().bucket(bucket.client).directory(scratch.resolve("live-docs"))
			.flushInterval(Duration.ZERO).build().start()) {
			DocStore store = db.docs();
			DocCollection users = store.collection("users");
			Random random = new Random(5);
			long t0 = System.nanoTime();
			for (int start = 0; start < docs; start += 1000) {
				List<Map<String, Object>> batch = new ArrayList<>();
				for (int i = start; i < Math.min(docs, start + 1000); i++) {
					Map<String, Object> doc = new LinkedHashMap<>();
					doc.put("_id", "u" + i);
					doc.put("n", i);
					doc.put("group", i % 100);
					doc.put("name", "user " + i);
					doc.put("score", random.nextInt(100_000) / 100.0);
					doc.put("active", i % 3 == 0);
					doc.put("city", "city-" + (i % 1000));
					batch.add(doc);
				}
				users.insertMany(batch);
			}
			insertNanos = System.nanoTime() - t0;
			int mid = docs / 2;
			List<String[]> filters = List.of(
					new String[] { "equality, 1 match", "{\"n\": " + mid + "}" },
					new String[] { "equality, 1 % match", "{\"group\": 42}" },
					new String[] { "range, 100 matches", "{\"n\": {\"$gte\": " + mid + ", \"$lt\": " + (mid + 100) + "}}" },
					new String[] { "range, ~0.1 % match", "{\"score\": {\"$gte\": 500, \"$lt\": 501}}" },
					new String[] { "$in, 1,000 values", "{\"n\": {\"$in\": " + everyHundredth(docs) + "}}" },
					new String[] { "15-segment path, no match", "{\"" + "a.".repeat(14) + "a\": 1}" });
			List<Double> without = new ArrayList<>();
			List<Integer> counts = new ArrayList<>();
			for (String[] f : filters) {
				counts.add(users.find(f[1]).size());
				without.add(time(users, f[1]));
			}
			long i0 = System.nanoTime();
			users.createIndex("n");
			users.createIndex("group");
			users.createIndex("score");
			indexNanos = (System.nanoTime() - i0) / 3.0;
			for (int i = 0; i < filters.size(); i++) {
				queries.add(new Query(filters.get(i)[0], filters.get(i)[1], counts.get(i), without.get(i),
						time(users, filters.get(i)[1])));
			}
		}
		finally {
			bucket.drop();
			BenchEnv.deleteTree(scratch.resolve("live-docs"));
		}
	}

	/** Every 100th value of {@code n}, as a JSON array: 1,000 values for 100,000 documents. */
	private static String everyHundredth(int docs) {
		StringBuilder values = new StringBuilder("[");
		for (int n = 0; n < docs; n += 100) {
			values.append((n > 0) ? "," : "").append(n);
		}
		return values.append(']').toString();
	}

	private double time(DocCollection users, String filter) {
		for (int i = 0; i < 3; i++) {
			users.find(filter);
		}
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < mode.docQueryIterations(); i++) {
			long t0 = System.nanoTime();
			users.find(filter);
			times.add((double) (System.nanoTime() - t0));
		}
		return Stats.median(times);
	}

	void report(Report report) {
		Report.Table table = report.table("5. DocStore find on " + docs + " documents", "query", "filter",
				"matches", "no index ms", "with index ms", "speed-up");
		for (Query q : queries) {
			String filter = (q.filter().length() > 80) ? q.filter().substring(0, 60) + " ...]}}" : q.filter();
			table.row(q.name(), "`" + filter + "`", q.results(), Report.ms(q.noIndexNanos()),
					Report.ms(q.indexNanos()), Report.ratio(q.noIndexNanos() / q.indexNanos()));
		}
		table.note("Documents like `{\"_id\":\"u1\",\"n\":1,\"group\":1,\"name\":\"user 1\",\"score\":12.34,"
				+ "\"active\":false,\"city\":\"city-1\"}`; `find` returns parsed documents. Median of "
				+ mode.docQueryIterations() + " runs after 3 warm-up runs. Inserting them (`insertMany`, 1000 per "
				+ "call) took " + Report.ms(insertNanos) + " ms; `createIndex` took " + Report.ms(indexNanos)
				+ " ms per index.");
		report.add(table);
	}

}
