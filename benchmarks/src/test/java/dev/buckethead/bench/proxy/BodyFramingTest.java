package dev.buckethead.bench.proxy;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class BodyFramingTest {

	@ParameterizedTest(name = "{0} {1} content-length={2} transfer-encoding={3} -> {4} {5}")
	@CsvSource(nullValues = "-", value = {
			// response to, status, content-length, transfer-encoding, kind, length
			"GET,  200, 10, -,       FIXED,       10",
			"GET,  200, 0,  -,       NONE,        0",
			"GET,  200, -,  chunked, CHUNKED,     -1",
			"GET,  200, 10, chunked, CHUNKED,     -1",
			"GET,  200, -,  -,       UNTIL_CLOSE, -1",
			"HEAD, 200, 10, -,       NONE,        0",
			"PUT,  100, -,  -,       NONE,        0",
			"PUT,  204, -,  -,       NONE,        0",
			"GET,  304, 10, -,       NONE,        0",
			"GET,  404, 99, -,       FIXED,       99" })
	void responses(String method, int status, String length, String encoding, BodyFraming.Kind kind, long n) {
		assertThat(BodyFraming.ofResponse(method, status, headers(length, encoding)))
			.isEqualTo(new BodyFraming(kind, n));
	}

	@ParameterizedTest(name = "content-length={0} transfer-encoding={1} -> {2} {3}")
	@CsvSource(nullValues = "-", value = {
			"-,   -,               NONE,    0",
			"0,   -,               NONE,    0",
			"512, -,               FIXED,   512",
			"-,   chunked,         CHUNKED, -1",
			"-,   'gzip, chunked', CHUNKED, -1" })
	void requests(String length, String encoding, BodyFraming.Kind kind, long n) {
		assertThat(BodyFraming.ofRequest(headers(length, encoding))).isEqualTo(new BodyFraming(kind, n));
	}

	private static Map<String, String> headers(String length, String encoding) {
		Map<String, String> headers = new java.util.HashMap<>();
		if (length != null) {
			headers.put("content-length", length);
		}
		if (encoding != null) {
			headers.put("transfer-encoding", encoding);
		}
		return headers;
	}

}
