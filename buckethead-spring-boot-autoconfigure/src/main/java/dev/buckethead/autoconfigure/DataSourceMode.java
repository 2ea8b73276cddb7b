package dev.buckethead.autoconfigure;

/** Whether the live BucketHead database is the application's {@code DataSource} ({@code buckethead.datasource.mode}). */
public enum DataSourceMode {

	/**
	 * The application's DataSource unless the application has its own: {@code spring.datasource.url} set or a
	 * {@code DataSource} bean of its own.
	 */
	AUTO,

	/** The application's DataSource even with {@code spring.datasource.url} set (a DataSource bean still wins). */
	PRIMARY,

	/** Never the application's DataSource: the database serves BucketHead's views only. */
	VIEWS_ONLY

}
