package dev.buckethead.config;

/** Where the live SQLite database keeps its pages between snapshots ({@code BUCKETHEAD_DATABASE__STORAGE}). */
public enum DatabaseStorage {

	/** In a file under {@code database.directory}: the database may outgrow memory. */
	FILE,

	/** Entirely in memory: fastest, bounded by the heap-external memory of the process. */
	MEMORY

}
