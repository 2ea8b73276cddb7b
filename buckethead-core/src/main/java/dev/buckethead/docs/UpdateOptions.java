package dev.buckethead.docs;

/**
 * How {@code update}, {@code updateOne}, {@code replaceOne} and the {@code findOneAnd...} methods of
 * {@link DocCollection} behave when they modify documents. Immutable: {@code UpdateOptions.defaults().upsert(true)}.
 */
public final class UpdateOptions {

	private static final UpdateOptions DEFAULTS = new UpdateOptions(false, ReturnDocument.BEFORE);

	private final boolean upsert;

	private final ReturnDocument returnDocument;

	private UpdateOptions(boolean upsert, ReturnDocument returnDocument) {
		this.upsert = upsert;
		this.returnDocument = returnDocument;
	}

	/** No upsert; {@code findOneAnd...} return the document as it was before. */
	public static UpdateOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * With {@code true}, a call that matches nothing inserts a document instead: for an update, the filter's
	 * equality conditions with the update applied (and {@code $setOnInsert}); for a replacement, the replacement,
	 * with the filter's {@code _id} when it has none of its own.
	 */
	public UpdateOptions upsert(boolean upsert) {
		return new UpdateOptions(upsert, this.returnDocument);
	}

	/** Which version {@code findOneAndUpdate} and {@code findOneAndReplace} return; other calls ignore it. */
	public UpdateOptions returnDocument(ReturnDocument returnDocument) {
		return new UpdateOptions(this.upsert, returnDocument);
	}

	boolean isUpsert() {
		return this.upsert;
	}

	ReturnDocument whichDocument() {
		return this.returnDocument;
	}

}
