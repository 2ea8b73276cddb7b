package dev.buckethead.docs;

/** Which version of the document a {@code findOneAndUpdate} or {@code findOneAndReplace} returns. */
public enum ReturnDocument {

	/** The document as it was before the change (MongoDB's default); nothing when an upsert inserted it. */
	BEFORE,

	/** The document as the change left it, including one an upsert inserted. */
	AFTER

}
