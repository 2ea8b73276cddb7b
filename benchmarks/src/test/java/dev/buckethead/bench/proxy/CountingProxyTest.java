package dev.buckethead.bench.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.buckethead.bucket.BucketConfig;
import dev.buckethead.bucket.CountingBucketClient;
import dev.buckethead.bucket.IoCounters;
import dev.buckethead.bucket.S3BucketClient;
import dev.buckethead.test.S3TestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy in front of the real S3Proxy: a client that talks through it works as if it talked to S3Proxy, and the
 * proxy's counts agree with the library's own {@link IoCounters} for the same calls.
 */
class CountingProxyTest {

	@Test
	void relaysS3CallsUnchangedAndCountsThemAsTheClientDoes() throws Exception {
		S3TestServer s3 = S3TestServer.shared();
		String bucket = s3.createBucket("proxy");
		try (CountingProxy proxy = CountingProxy.start("test", s3.endpoint());
				CountingBucketClient client = new CountingBucketClient(new S3BucketClient(BucketConfig.builder()
					.bucket(bucket)
					.endpoint(proxy.endpoint())
					.region(s3.region())
					.credentials(s3.accessKey(), s3.secretKey())
					.pathStyle(true)
					.build()))) {
			byte[] big = new byte[3 * 1024 * 1024 + 17];
			new java.util.Random(1).nextBytes(big);
			client.put("a", "hello".getBytes(StandardCharsets.UTF_8));
			client.put("b", big);
			Traffic afterPuts = proxy.traffic();

			assertThat(client.get("b").orElseThrow().data()).isEqualTo(big);
			assertThat(client.get("missing")).isEmpty();
			assertThat(client.list("")).hasSize(2);
			client.delete("a");
			Traffic all = proxy.traffic();
			IoCounters counted = client.counters();

			assertThat(proxy.failures()).isEmpty();
			assertThat(afterPuts.byMethod()).isEqualTo(Map.of("PUT", 2L));
			assertThat(afterPuts.bytesUp()).isEqualTo(5 + big.length);
			Traffic later = all.since(afterPuts);
			assertThat(later.byMethod()).containsEntry("GET", 3L).containsEntry("DELETE", 1L);
			assertThat(later.exchanges()).filteredOn((e) -> e.target().contains("missing"))
				.singleElement()
				.satisfies((e) -> assertThat(e.status()).isEqualTo(404));
			assertThat(later.bytesDown()).isGreaterThan(big.length);
			assertThat(all.wireBytesUp()).isGreaterThan(all.bytesUp());
			assertThat(all.wireBytesDown()).isGreaterThan(all.bytesDown());
			// The library's own counters, for the same calls: requests and payload bytes agree.
			assertThat(all.requests()).isEqualTo(counted.totalRequests());
			assertThat(all.bytesUp()).isEqualTo(counted.bytesOut());
			assertThat(all.requests("PUT")).isEqualTo(counted.puts());
		}
	}

	@Test
	void groupsUploadsSeparatedByQuietIntoBursts() {
		Traffic traffic = new Traffic(java.util.List.of(new Exchange("PUT", "/a", 200, 0, 10, 1, 0),
				new Exchange("PUT", "/b", 200, 12, 20, 1, 0), new Exchange("GET", "/c", 200, 500, 510, 0, 1),
				new Exchange("PUT", "/d", 200, 1000, 1010, 1, 0), new Exchange("POST", "/e", 200, 1015, 1020, 1, 0)),
				0, 0);
		assertThat(traffic.uploadBurstStarts(100)).containsExactly(0L, 1000L);
		assertThat(traffic.uploadBurstStarts(1)).containsExactly(0L, 12L, 1000L, 1015L);
	}

}
