package dev.buckethead.files;

import org.jspecify.annotations.Nullable;

/**
 * Metadata recorded with a {@link FileStore#put(java.nio.file.Path, PutOptions) put}: neither affects the key,
 * which depends on the content alone. Start from {@link #none()}:
 * {@code PutOptions.none().withContentType("application/pdf")}.
 *
 * @param contentType the media type to record, or null for none
 * @param name the original file name to record, or null; a put from a {@code Path} uses the file's name when
 * this is null
 */
public record PutOptions(@Nullable String contentType, @Nullable String name) {

	private static final PutOptions NONE = new PutOptions(null, null);

	/** No content type and no name. */
	public static PutOptions none() {
		return NONE;
	}

	public PutOptions withContentType(@Nullable String contentType) {
		return new PutOptions(contentType, this.name);
	}

	public PutOptions withName(@Nullable String name) {
		return new PutOptions(this.contentType, name);
	}

}
