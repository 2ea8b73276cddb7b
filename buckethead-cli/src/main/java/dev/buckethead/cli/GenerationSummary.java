package dev.buckethead.cli;

import java.time.Instant;
import java.util.List;

import dev.buckethead.snapshot.HeadPointer;
import dev.buckethead.snapshot.Manifest;
import org.jspecify.annotations.Nullable;

/**
 * One generation as the tool shows it (in {@code inspect} and {@code generations list}): the manifest's
 * figures without its chunk list.
 *
 * @param current whether it is the branch's head
 */
record GenerationSummary(String generation, Instant createdAt, long size, int pageSize, int chunks,
		boolean current) {

	/** @param head the branch's head, or null when it has no readable one */
	static GenerationSummary of(Manifest manifest, @Nullable HeadPointer head) {
		return new GenerationSummary(manifest.generation(), manifest.createdAt(), manifest.size(),
				manifest.pageSize(), manifest.chunks().size(),
				head != null && manifest.generation().equals(head.generation()));
	}

	static List<GenerationSummary> of(List<Manifest> manifests, HeadPointer head) {
		return manifests.stream().map((manifest) -> of(manifest, head)).toList();
	}

	static TextTable table(List<GenerationSummary> generations) {
		TextTable table = new TextTable("GENERATION", "", "CREATED", "SIZE", "PAGE SIZE", "CHUNKS");
		for (GenerationSummary generation : generations) {
			table.row(generation.generation(), generation.current() ? "head" : "", Formats.time(generation.createdAt()),
					Formats.bytes(generation.size()), generation.pageSize(), generation.chunks());
		}
		return table;
	}

}
