package dev.buckethead.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.buckethead.BucketSQLite;
import dev.buckethead.replica.BucketReplica;
import dev.buckethead.replica.ReplicaApplied;
import dev.buckethead.replica.ReplicaListener;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Keeps a local SQLite file equal to a branch, for analytics: restores the branch into FILE, then polls the
 * bucket (one small GET per poll, never a LIST) and applies each flush of the writer as it lands. Other
 * processes may read FILE meanwhile (sqlite3, DuckDB's sqlite scanner, ...): an apply takes SQLite's own
 * exclusive lock, so they see one point or the next, never a mix. Runs until stopped (Ctrl-C) or for
 * {@code --duration}; FILE stays.
 */
@Command(name = "follow", description = "Follow a branch into a local SQLite file, applying each flush as it lands.")
final class FollowCommand extends SessionCommand {

	@Option(names = "--out", required = true, paramLabel = "FILE", description = "The SQLite file to keep up to date.")
	Path out;

	@Option(names = "--force", description = "Replace FILE if it exists.")
	boolean force;

	@Option(names = "--poll-interval", paramLabel = "DURATION", converter = DurationConverter.class,
			defaultValue = "1s", description = "Time between polls (default: ${DEFAULT-VALUE}).")
	Duration pollInterval;

	@Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
			description = "Stop after this long (default: until stopped).")
	@Nullable Duration duration;

	@Mixin
	BranchOption branch = new BranchOption();

	@Override
	void run(Session session, Output output) throws Exception {
		Path directory = RestoreCommand.checkOut(out, force);
		String name = branch.in(session);
		CountDownLatch stopped = new CountDownLatch(1);
		Thread hook = new Thread(stopped::countDown, "buckethead-follow-stop");
		Runtime.getRuntime().addShutdownHook(hook);
		try (BucketReplica replica = BucketSQLite.builder()
			.bucket(session.bucket())
			.snapshotKey(session.snapshotKey())
			.encryption(session.encryption())
			.directory(directory.resolve(".buckethead-follow"))
			.replicaOf(name)
			.file(out)
			.pollInterval(pollInterval)
			.listener(new ReplicaListener() {
				@Override
				public void onApplied(ReplicaApplied applied) {
					output.line("Applied generation " + applied.to() + " (step " + applied.sequence() + ", "
							+ applied.pagesWritten() + " pages, " + Formats.bytes(applied.bytesDownloaded())
							+ " downloaded" + (applied.resync() ? ", full state" : "") + ")");
				}
			})
			.build()
			.start()) {
			output.line("Following branch " + name + " into " + out + " from generation "
					+ replica.status().generation() + "; polling every " + pollInterval.toMillis() + " ms");
			if (duration != null) {
				stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
			}
			else {
				stopped.await();
			}
			output.line("Stopped following at generation " + replica.status().generation() + "; " + out
					+ " stays");
		}
		finally {
			try {
				Runtime.getRuntime().removeShutdownHook(hook);
			}
			catch (IllegalStateException ignored) {
				// Already shutting down.
			}
		}
	}

}
