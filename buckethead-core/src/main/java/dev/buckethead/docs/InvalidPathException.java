package dev.buckethead.docs;

/**
 * A dotted field path that cannot be used: empty, with an empty segment, a segment starting with {@code $}, or a
 * character ({@code "}, {@code \}, a control character) that cannot be written safely into an SQLite JSON path.
 * Paths appear in filters, sorts, projections, updates and indexes; all of them reject such paths the same way.
 */
public class InvalidPathException extends InvalidFilterException {

	public InvalidPathException(String message) {
		super(message);
	}

}
