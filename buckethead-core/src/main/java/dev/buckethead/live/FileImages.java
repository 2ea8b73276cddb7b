package dev.buckethead.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
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
			pageSize = single(connection, "PRAGMA page_size");
			pageCount = single(connection, "PRAGMA page_count");
			duringImage.read(connection);
		}
		catch (SQLException ex) {
			throw new LiveDatabaseException("Cannot read " + file + " as a SQLite database: " + ex.getMessage(), ex);
		}
		try {
			FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
			long size = pageSize * pageCount;
			return new DatabaseImage() {

				@Override
				public long size() {
					return size;
				}

				@Override
				public int pageSize() {
					return (int) pageSize;
				}

				@Override
				public long dataVersion() {
					return 0;
				}

				@Override
				public void read(long offset, ByteBuffer target) throws IOException {
					target.clear();
					target.limit((int) Math.min(target.capacity(), size - offset));
					long position = offset;
					while (target.hasRemaining()) {
						int n = channel.read(target, position);
						if (n < 0) {
							throw new IOException(file + " ended at " + position + ", expected " + size + " bytes");
						}
						position += n;
					}
					target.flip();
				}

				@Override
				public Optional<Path> file() {
					return Optional.of(file);
				}

				@Override
				public void close() {
					try {
						channel.close();
					}
					catch (IOException ignored) {
						// Read-only channel.
					}
				}

			};
		}
		catch (IOException ex) {
			throw new LiveDatabaseException("Cannot open " + file + ": " + ex, ex);
		}
	}

	private static long single(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
