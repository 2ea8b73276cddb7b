package dev.buckethead.sample;

import java.util.List;
import java.util.Map;

import dev.buckethead.docs.DocStore;
import dev.buckethead.files.FileStore;
import dev.buckethead.kv.KvStore;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * BucketHead's typed views over HTTP: key-value entries, JSON documents and files. They live in the same database
 * (files' content in the bucket), so they snapshot, restore and follow branches with the notes.
 */
@RestController
class ViewsController {

	private final KvStore kv;

	private final DocStore docs;

	private final FileStore files;

	ViewsController(KvStore kv, DocStore docs, FileStore files) {
		this.kv = kv;
		this.docs = docs;
		this.files = files;
	}

	@GetMapping("/kv/{key}")
	ResponseEntity<String> get(@PathVariable String key) {
		return ResponseEntity.of(this.kv.find(key));
	}

	@PutMapping("/kv/{key}")
	Map<String, String> put(@PathVariable String key, @RequestBody String value) {
		this.kv.set(key, value);
		return Map.of(key, value);
	}

	@PostMapping("/docs/{collection}")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, String> insert(@PathVariable String collection, @RequestBody Map<String, Object> document) {
		return Map.of("id", this.docs.collection(collection).insert(document));
	}

	/** Every document of the collection, or those matching a Mongo-style filter posted as JSON. */
	@GetMapping("/docs/{collection}")
	List<ObjectNode> find(@PathVariable String collection) {
		return this.docs.collection(collection).find(Map.of());
	}

	@PostMapping("/docs/{collection}/find")
	List<ObjectNode> find(@PathVariable String collection, @RequestBody Map<String, Object> filter) {
		return this.docs.collection(collection).find(filter);
	}

	/** Stores the request body; the answer is its content key ({@code bh-<sha256>}), the same for the same bytes. */
	@PutMapping(path = "/files", consumes = MediaType.ALL_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, String> upload(@RequestBody byte[] content) {
		return Map.of("key", this.files.put(content));
	}

	@GetMapping("/files/{key}")
	ResponseEntity<InputStreamResource> download(@PathVariable String key) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.body(new InputStreamResource(this.files.open(key)));
	}

}
