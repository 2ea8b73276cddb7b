package dev.buckethead.live;

/**
 * Where the live database lives between snapshots. Both keep every read and write in RAM; they differ in what
 * a snapshot costs the writers and how large the database may grow.
 */
public enum LiveStorage {

	/**
	 * A WAL-mode database file in a RAM-backed directory ({@code /dev/shm} where it exists), with
	 * {@code synchronous=OFF}. Readers run concurrently, there is no size cap beyond RAM, and a snapshot reads
	 * the file inside a read transaction while writers keep going (stalled only for the WAL checkpoint). The
	 * changed pages are known exactly ({@link LiveDatabase#pageTracker()}): BucketHead runs every checkpoint
	 * itself and reads each WAL frame's page number first. The default.
	 */
	FILE,

	/**
	 * SQLite's {@code memdb} VFS, shared by all connections. The fastest single operations, but a snapshot
	 * copies the whole database while holding a read lock that blocks writers, the copy needs heap as large as
	 * the database, memdb is capped at 1 GiB, and an open write transaction keeps new readers waiting (memdb's
	 * locking has no WAL). Pages are not tracked: every snapshot is a whole image.
	 */
	MEMORY

}
