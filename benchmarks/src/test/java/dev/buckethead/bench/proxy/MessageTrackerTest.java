package dev.buckethead.bench.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTrackerTest {

	private static final String RESPONSES = "HTTP/1.1 100 Continue\r\n\r\n" // interim, before the final response
			+ "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag: \"x\"\r\n\r\nhello"
			+ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
			+ "4;ext=1\r\nwiki\r\n5\r\npedia\r\n0\r\nX-Trailer: y\r\n\r\n"
			+ "HTTP/1.1 204 No Content\r\n\r\n"
			+ "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n" // answers a HEAD: no body follows
			+ "HTTP/1.1 200 OK\r\n\r\nuntil the end";

	@ParameterizedTest(name = "fed {0} bytes at a time")
	@ValueSource(ints = { 1, 3, 7, 64, 100_000 })
	void followsPipelinedResponsesWhateverTheReadSizes(int step) {
		List<String> events = new ArrayList<>();
		List<String> methods = new ArrayList<>(List.of("PUT", "GET", "DELETE", "HEAD", "GET"));
		MessageTracker tracker = new MessageTracker(new MessageTracker.Listener() {
			@Override
			public BodyFraming onHead(String startLine, Map<String, String> headers) {
				events.add("head " + startLine);
				int status = Integer.parseInt(startLine.split(" ")[1]);
				String method = status == 100 ? methods.get(0) : methods.remove(0);
				return BodyFraming.ofResponse(method, status, headers);
			}

			@Override
			public void onEnd(long bodyBytes, long wireBytes) {
				events.add("end " + bodyBytes + "/" + wireBytes);
			}
		});
		byte[] bytes = RESPONSES.getBytes(StandardCharsets.ISO_8859_1);
		for (int i = 0; i < bytes.length; i += step) {
			tracker.feed(bytes, i, Math.min(step, bytes.length - i));
		}
		tracker.endOfStream();

		assertThat(tracker.failure()).isNull();
		assertThat(events).containsExactly("head HTTP/1.1 100 Continue", "end 0/25", "head HTTP/1.1 200 OK",
				"end 5/54", "head HTTP/1.1 200 OK", "end 9/91", "head HTTP/1.1 204 No Content", "end 0/27",
				"head HTTP/1.1 200 OK", "end 0/38", "head HTTP/1.1 200 OK", "end 13/32");
		assertThat(events.stream().filter((e) -> e.startsWith("end ")).mapToLong(
				(e) -> Long.parseLong(e.substring(e.indexOf('/') + 1))).sum()).isEqualTo(bytes.length);
	}

	@ParameterizedTest(name = "fed {0} bytes at a time")
	@ValueSource(ints = { 1, 5, 100_000 })
	void followsRequestsWithAndWithoutBodies(int step) {
		String requests = "\r\nPUT /b/k HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\nabcd"
				+ "GET /b/k HTTP/1.1\r\nHost: h\r\n\r\n"
				+ "POST /b/k?uploads HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
		List<String> events = new ArrayList<>();
		MessageTracker tracker = new MessageTracker(new MessageTracker.Listener() {
			@Override
			public BodyFraming onHead(String startLine, Map<String, String> headers) {
				events.add(startLine.split(" ")[0]);
				return BodyFraming.ofRequest(headers);
			}

			@Override
			public void onEnd(long bodyBytes, long wireBytes) {
				events.add(String.valueOf(bodyBytes));
			}
		});
		byte[] bytes = requests.getBytes(StandardCharsets.ISO_8859_1);
		for (int i = 0; i < bytes.length; i += step) {
			tracker.feed(bytes, i, Math.min(step, bytes.length - i));
		}

		assertThat(tracker.failure()).isNull();
		assertThat(events).containsExactly("PUT", "4", "GET", "0", "POST", "3");
	}

	@ParameterizedTest
	@ValueSource(strings = { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
			"HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n" })
	void stopsFollowingMalformedHttpAndSaysWhy(String response) {
		MessageTracker tracker = new MessageTracker(new MessageTracker.Listener() {
			@Override
			public BodyFraming onHead(String startLine, Map<String, String> headers) {
				return BodyFraming.ofResponse("GET", 200, headers);
			}

			@Override
			public void onEnd(long bodyBytes, long wireBytes) {
			}
		});
		byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
		tracker.feed(bytes, 0, bytes.length);
		assertThat(tracker.failure()).containsAnyOf("chunk size 'zz'", "Content-Length: many");
	}

}
