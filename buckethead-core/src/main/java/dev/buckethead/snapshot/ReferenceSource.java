package dev.buckethead.snapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Something in the database that refers to objects outside it, such as FileStore's blobs. Each generation
 * records the keys every source refers to, so gc can tell which objects some retained generation of some
 * branch still needs without restoring any database.
 */
public interface ReferenceSource {

	/** A short, stable name, such as {@code files}. */
	String name();

	/** The keys the content refers to, read on a connection that sees exactly the content being snapshotted. */
	Collection<String> referencedKeys(Connection consistent) throws SQLException;

}
