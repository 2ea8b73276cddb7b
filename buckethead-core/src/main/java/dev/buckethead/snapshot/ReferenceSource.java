package dev.buckethead.snapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Something in the database that refers to objects kept outside it (such as {@code FileStore} blobs). Each
 * snapshot generation records the keys every registered source reports, so that garbage collection never
 * deletes an object that a retained generation still needs.
 */
public interface ReferenceSource {

	/** A short stable name, e.g. "files". */
	String name();

	/** The keys the database content refers to, read on a connection that sees exactly the snapshotted content. */
	Collection<String> referencedKeys(Connection consistent) throws SQLException;

}
