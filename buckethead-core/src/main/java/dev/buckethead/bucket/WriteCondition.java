package dev.buckethead.bucket;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A precondition on a write: none, "only if no object exists" (If-None-Match: *), or "only if the object still
 * has this ETag" (If-Match). These make head pointers safe against a second writer.
 */
public final class WriteCondition {

	private static final WriteCondition NONE = new WriteCondition(Kind.NONE, null);

	private static final WriteCondition IF_ABSENT = new WriteCondition(Kind.IF_ABSENT, null);

	/** The kinds of precondition. */
	public enum Kind {

		/** Write unconditionally. */
		NONE,
		/** Write only when no object exists at the key. */
		IF_ABSENT,
		/** Write only when the object at the key still has the given ETag. */
		IF_MATCH

	}

	private final Kind kind;

	private final @Nullable String etag;

	private WriteCondition(Kind kind, @Nullable String etag) {
		this.kind = kind;
		this.etag = etag;
	}

	public static WriteCondition none() {
		return NONE;
	}

	public static WriteCondition ifAbsent() {
		return IF_ABSENT;
	}

	public static WriteCondition ifMatch(String etag) {
		Objects.requireNonNull(etag, "etag");
		return new WriteCondition(Kind.IF_MATCH, etag);
	}

	public Kind kind() {
		return kind;
	}

	/** The ETag an {@link Kind#IF_MATCH} condition expects; null for the other kinds. */
	public @Nullable String etag() {
		return etag;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof WriteCondition other && kind == other.kind && Objects.equals(etag, other.etag);
	}

	@Override
	public int hashCode() {
		return Objects.hash(kind, etag);
	}

	@Override
	public String toString() {
		return switch (kind) {
			case NONE -> "unconditional";
			case IF_ABSENT -> "if-none-match *";
			case IF_MATCH -> "if-match " + etag;
		};
	}

}
