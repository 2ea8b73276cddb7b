package dev.buckethead.docs;

import java.nio.file.Path;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.view.TestViewContext;

/** A document store over a private in-memory database, and JSON helpers, for the docs tests. */
final class DocsTestSupport {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private DocsTestSupport() {
	}

	static TestViewContext context(Path directory) {
		return new TestViewContext(new LocalDirectoryBucketClient(directory));
	}

	static JsonNode json(String text) {
		return MAPPER.readTree(text);
	}

	static List<String> ids(List<? extends JsonNode> documents) {
		return documents.stream().map((document) -> document.get("_id").asString()).sorted().toList();
	}

}
