package dev.buckethead.snapshot;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

import dev.buckethead.branch.BranchException;
import dev.buckethead.branch.BranchNames;
import dev.buckethead.branch.BranchNotFoundException;
import dev.buckethead.branch.Branches;
import dev.buckethead.snapshot.SnapshotSession.PreparedLoad;
import dev.buckethead.snapshot.SnapshotStore.Head;

/**
 * The {@link Branches} of a session: branch operations live with the engine, on the session's lock, heads and
 * chain, which the session keeps to its package.
 */
final class SessionBranches implements Branches {

	private final SnapshotSession session;

	private final Runnable afterSwitch;

	private final SnapshotListener listener;

	/**
	 * @param afterSwitch runs after the live content was replaced by another branch's, so typed views can
	 * re-create tables the other branch lacks
	 * @param listener hears every switch
	 */
	SessionBranches(SnapshotSession session, Runnable afterSwitch, SnapshotListener listener) {
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

	@Override
	public String current() {
		return session.branch();
	}

	@Override
	public List<String> list() {
		TreeSet<String> names = new TreeSet<>(session.heads().branches());
		names.add(session.branch());
		return List.copyOf(names);
	}

	@Override
	public boolean exists(String name) {
		BranchNames.validate(name);
		return name.equals(session.branch()) || session.heads().read(name).isPresent();
	}

	@Override
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

	@Override
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

	@Override
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

	@Override
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

	@Override
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
