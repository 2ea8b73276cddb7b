package dev.buckethead.snapshot;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One generation as the restore plan sees it: either a whole database (a base: today's manifest of chunks) or
 * the pages changed after its parent (a delta).
 *
 * @param generation its id
 * @param parent the generation it follows; a delta applies on top of its parent's state
 * @param createdAt when it was written
 * @param content what restoring it reads
 */
public record GenerationInfo(String generation, @Nullable String parent, Instant createdAt, Content content) {

	/** What a generation holds. */
	public sealed interface Content permits Base, Delta {

		int pageSize();

	}

	/**
	 * A whole database cut into chunks, in database order.
	 * @param size database size in bytes
	 */
	public record Base(long size, int pageSize, List<ChunkRef> chunks) implements Content {

		public Base {
			chunks = List.copyOf(chunks);
		}

	}

	/**
	 * The pages changed after the parent.
	 * @param pageCount the database size in pages after it
	 * @param partKeys the delta's part objects, in order
	 */
	public record Delta(long pageCount, int pageSize, List<String> partKeys) implements Content {

		public Delta {
			partKeys = List.copyOf(partKeys);
		}

	}

	/** A manifest: a base whose chunks are in packs (format 2) or each their own object (format 1). */
	public static GenerationInfo of(Manifest manifest) {
		return new GenerationInfo(manifest.generation(), manifest.parent(), manifest.createdAt(),
				new Base(manifest.size(), manifest.pageSize(), manifest.chunks()));
	}

}
