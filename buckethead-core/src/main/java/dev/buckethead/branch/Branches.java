package dev.buckethead.branch;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

import dev.buckethead.snapshot.FlushTrigger;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.snapshot.SnapshotFormat;
import dev.buckethead.snapshot.SnapshotListener;
import dev.buckethead.snapshot.SnapshotSession;
import dev.buckethead.snapshot.SnapshotSession.PreparedLoad;
import dev.buckethead.snapshot.SnapshotStore.Head;

/**
 * Named snapshots in the same bucket, one head per branch; the live database belongs to one of them at a time.
 * Forking is free: a new branch points at the current generation and shares its chunks.
 */
public final class Branches {

	private final SnapshotSession session;

	private final Runnable afterSwitch;

	private final SnapshotListener listener;

	/**
	 * @param afterSwitch runs after the live content was replaced by another branch's, so typed views can
	 * re-create tables the other branch lacks
	 * @param listener hears every switch
	 */
	public Branches(SnapshotSession session, Runnable afterSwitch, SnapshotListener listener) {
		this.session = session;
		this.afterSwitch = afterSwitch;
		this.listener = listener;
	}

	private void requireIncremental() {
		if (session.format() != SnapshotFormat.INCREMENTAL) {
			throw new BranchException("Branches need the incremental snapshot format; this database uses the "
					+ session.format().name().toLowerCase(java.util.Locale.ROOT) + " format");
		}
	}

	/** The branch the live database belongs to. */
	public String current() {
		return session.branch();
	}

	/** Every branch with a snapshot, plus the current one, sorted. */
	public List<String> list() {
		TreeSet<String> names = new TreeSet<>(session.heads().branches());
		names.add(session.branch());
		return List.copyOf(names);
	}

	public boolean exists(String name) {
		BranchNames.validate(name);
		return name.equals(session.branch()) || session.heads().read(name).isPresent();
	}

	/**
	 * Creates {@code name} at the current state (flushing first), without copying any data. The current branch
	 * stays current.
	 */
	public void create(String name) {
		requireIncremental();
		BranchNames.validate(name);
		session.exclusively(() -> {
			if (exists(name)) {
				throw new BranchException("Branch '" + name + "' already exists; switch to it or delete it first");
			}
			session.flushToGeneration(FlushTrigger.BRANCH);
			session.heads().advance(name, session.generation().orElseThrow(), null);
			return null;
		});
	}

	/**
	 * Creates {@code name} at a retained point of the current branch (its latest, a named generation, or the
	 * newest point at or before a time; see {@code restore as-of}), without copying the database: the new head
	 * points at the point's base, or, for a delta step, at a base compacted from bucket objects, which uploads
	 * only the chunks its deltas changed. The current branch stays current and its flushes go on meanwhile.
	 */
	public void create(String name, RestorePoint point) {
		if (point.isLatest()) {
			create(name);
			return;
		}
		requireIncremental();
		BranchNames.validate(name);
		if (exists(name)) {
			throw new BranchException("Branch '" + name + "' already exists; switch to it or delete it first");
		}
		session.createBranchAt(name, point);
	}

	/**
	 * Flushes the current branch, then loads {@code name} into the live database. Connections stay open and see
	 * the new branch from their next statement. Every write committed before the load is in the outgoing
	 * branch's snapshot; statements that arrive during the load wait for it and run on the new branch. Must not
	 * be called with a transaction open on this thread.
	 */
	public void switchTo(String name) {
		requireIncremental();
		BranchNames.validate(name);
		String from = session.branch();
		if (name.equals(from)) {
			return;
		}
		long started = System.nanoTime();
		listener.onSwitchStart(from, name);
		try {
			switchLocked(name);
		}
		catch (RuntimeException ex) {
			listener.onSwitchError(from, name, ex);
			throw ex;
		}
		afterSwitch.run();
		listener.onSwitchComplete(from, name, Duration.ofNanos(System.nanoTime() - started));
	}

	private void switchLocked(String name) {
		session.exclusively(() -> {
			if (name.equals(session.branch())) {
				return null;
			}
			Head target = session.heads()
				.read(name)
				.orElseThrow(() -> new BranchNotFoundException("Cannot switch to branch '" + name
						+ "': it does not exist (existing: " + list() + "); create it first"));
			// Flush and download while writers run; then, with every connection's statements held back, flush
			// what was written meanwhile and load. Writers wait for the local load, and no write is lost.
			session.flush(FlushTrigger.BRANCH);
			try (PreparedLoad load = session.prepareLoad(target)) {
				return session.live().gate().exclusively(() -> {
					session.flush(FlushTrigger.BRANCH);
					session.load(name, load);
					return null;
				});
			}
		});
	}

	/**
	 * Makes branch {@code name} hold the current state and makes it the current branch, replacing what it held
	 * (the original library's "overwrite": switch to an experiment, then overwrite "main" with it). The live
	 * database is unchanged; the branch previously current keeps its snapshots.
	 */
	public void overwrite(String name) {
		requireIncremental();
		BranchNames.validate(name);
		session.exclusively(() -> {
			if (name.equals(session.branch())) {
				session.flush(FlushTrigger.BRANCH);
				return null;
			}
			session.flushToGeneration(FlushTrigger.BRANCH);
			Head existing = session.heads().read(name).orElse(null);
			Head head = session.heads().advance(name, session.generation().orElseThrow(), existing);
			session.rename(name, head);
			return null;
		});
	}

	/** Deletes a branch other than the current one. Its chunks are reclaimed by gc once unreferenced. */
	public void delete(String name) {
		requireIncremental();
		BranchNames.validate(name);
		session.exclusively(() -> {
			if (name.equals(session.branch())) {
				throw new BranchException("Cannot delete branch '" + name + "': it is the current branch; switch "
						+ "to another branch first");
			}
			if (session.heads().read(name).isEmpty()) {
				throw new BranchNotFoundException("Cannot delete branch '" + name + "': it does not exist");
			}
			session.heads().delete(name);
			return null;
		});
	}

}
