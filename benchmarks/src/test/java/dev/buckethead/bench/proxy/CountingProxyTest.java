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
	void countsAnUploadThatTheServerAnswersBeforeItsLastBytes() throws Exception {
		try (java.net.ServerSocket upstream = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			// A server that answers once it has the head, then reads the body: the response can pass the proxy
			// before the request's last bytes do.
			Thread server = new Thread(() -> {
				try (java.net.Socket s = upstream.accept()) {
					java.io.InputStream in = s.getInputStream();
					byte[] head = new byte[4];
					int matched = 0;
					while (matched < 4) {
						int b = in.read();
						if (b < 0) {
							return;
						}
						matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
					}
					s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
						.getBytes(StandardCharsets.US_ASCII));
					s.getOutputStream().flush();
					in.readNBytes(head, 0, 4);
				}
				catch (java.io.IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			});
			server.start();
			try (CountingProxy proxy = CountingProxy.start("early", java.net.URI.create("http://127.0.0.1:"
					+ upstream.getLocalPort())); java.net.Socket client = new java.net.Socket("127.0.0.1",
							proxy.endpoint().getPort())) {
				client.getOutputStream().write("PUT /b/k HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
				client.getOutputStream().flush();
				byte[] response = new byte[38];
				assertThat(client.getInputStream().readNBytes(response, 0, response.length)).isEqualTo(38);
				// The response has passed the proxy: the exchange is recorded with the declared 4 bytes.
				assertThat(proxy.traffic().exchanges()).singleElement()
					.satisfies((e) -> assertThat(e.requestBodyBytes()).isEqualTo(4));
				client.getOutputStream().write("body".getBytes(StandardCharsets.US_ASCII));
				client.getOutputStream().flush();
			}
			server.join(10_000);
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
