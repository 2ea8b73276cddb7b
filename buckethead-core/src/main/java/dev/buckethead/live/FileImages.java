package dev.buckethead.live;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import dev.buckethead.live.LiveDatabase.ConsistentRead;

/** Images of SQLite files no one else is writing, such as a file being imported. */
public final class FileImages {

	private FileImages() {
	}

	/**
	 * An image of a quiescent SQLite file.
	 * @param duringImage runs on a connection to the file before this returns
	 */
	public static DatabaseImage of(Path file, ConsistentRead duringImage) {
		long pageSize;
		long pageCount;
		try (Connection connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, new Properties())) {
			pageSize = SqliteLiveDatabase.queryLong(connection, "PRAGMA page_size");
			pageCount = SqliteLiveDatabase.queryLong(connection, "PRAGMA page_count");
			duringImage.read(connection);
		}
		catch (SQLException ex) {
			throw new LiveDatabaseException("Cannot read " + file + " as a SQLite database: " + ex.getMessage(), ex);
		}
		try {
			FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
			return new ChannelImage(file, channel, pageSize * pageCount, (int) pageSize, 0, () -> {
			});
		}
		catch (IOException ex) {
			throw new LiveDatabaseException("Cannot open " + file + ": " + ex, ex);
		}
	}

}
