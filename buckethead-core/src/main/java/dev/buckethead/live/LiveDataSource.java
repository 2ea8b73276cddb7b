package dev.buckethead.live;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.Supplier;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A {@link DataSource} over the live database: every {@link #getConnection()} opens a new connection (not
 * pooled: put a pool such as HikariCP in front for an application) whose transactions begin IMMEDIATE, so
 * concurrent transactions wait for each other instead of failing with "database is locked".
 */
public final class LiveDataSource implements DataSource {

	private final Opener opener;

	/** Opens one connection. */
	@FunctionalInterface
	private interface Opener {

		Connection open();

	}

	private volatile int loginTimeout;

	/** @param live the live database; a supplier because it exists only while the engine runs */
	public LiveDataSource(Supplier<LiveDatabase> live) {
		this.opener = () -> live.get().open(TransactionMode.IMMEDIATE);
	}

	private LiveDataSource(Opener opener) {
		this.opener = opener;
	}

	/** A data source whose connections come from {@code opener} (a replica's read-only connections). */
	public static LiveDataSource over(Supplier<Connection> opener) {
		return new LiveDataSource(opener::get);
	}

	@Override
	public Connection getConnection() {
		return opener.open();
	}

	@Override
	public Connection getConnection(String username, String password) {
		return getConnection();
	}

	@Override
	public PrintWriter getLogWriter() {
		return null;
	}

	@Override
	public void setLogWriter(PrintWriter out) {
	}

	@Override
	public void setLoginTimeout(int seconds) {
		this.loginTimeout = seconds;
	}

	@Override
	public int getLoginTimeout() {
		return loginTimeout;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		throw new SQLFeatureNotSupportedException("LiveDataSource logs through SLF4J");
	}

	@Override
	public <T> T unwrap(Class<T> type) throws SQLException {
		if (type.isInstance(this)) {
			return type.cast(this);
		}
		throw new SQLException("LiveDataSource does not wrap " + type.getName());
	}

	@Override
	public boolean isWrapperFor(Class<?> type) {
		return type.isInstance(this);
	}

	@Override
	public String toString() {
		return "LiveDataSource[BucketHead live database]";
	}

}
