package dev.buckethead.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.view.TestViewContext;

/** A document store over a private in-memory database, and JSON helpers, for the docs tests. */
final class DocsTestSupport {

	/** A fresh store per test: {@code @RegisterExtension final Database database = new Database();}. */
	static final class Database implements BeforeEachCallback, AfterEachCallback {

		private Path directory;

		private TestViewContext context;

		private DocStore store;

		@Override
		public void beforeEach(ExtensionContext extension) throws IOException {
			this.directory = Files.createTempDirectory("docs-test");
			this.context = DocsTestSupport.context(this.directory);
			this.store = new DocStore(this.context, MAPPER);
		}

		@Override
		public void afterEach(ExtensionContext extension) throws Exception {
			this.context.close();
			try (Stream<Path> paths = Files.walk(this.directory)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}

		TestViewContext context() {
			return this.context;
		}

		DocCollection collection(String name) {
			return this.store.collection(name);
		}

	}

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
