package dev.buckethead.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.buckethead.bucket.ObjectInfo;
import dev.buckethead.bucket.UnreferencedObjects.Sweep;
import dev.buckethead.snapshot.SnapshotGc;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Deletes the snapshot objects no branch needs: manifests no head retains, and packs, chunks and reference lists
 * no retained manifest uses. Only objects older than the grace period go, which protects a flush still uploading
 * (its objects exist before the head points at them). Manifests no head retains because the head of their branch
 * is missing or unreadable are kept and listed, unless {@code --delete-headless}. Also says how much of the packs
 * it keeps no retained generation uses: space only a re-pack can free.
 */
@Command(name = "gc", description = "Delete snapshot objects no retained generation needs.")
final class GcCommand extends SessionCommand {

	@Option(names = "--grace", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
			description = "Only delete objects older than this (default ${DEFAULT-VALUE}; e.g. 30m, 2h, 0).")
	Duration grace;

	@Option(names = "--dry-run", description = "List what would be deleted; delete nothing.")
	boolean dryRun;

	@Option(names = "--delete-headless",
			description = "Also delete the manifests no head retains because the head of their branch is missing or "
					+ "unreadable, and the chunks only they use (kept and listed otherwise).")
	boolean deleteHeadless;

	/** @param kind {@code manifest}, {@code pack}, {@code chunk}, {@code references} or {@code successor} */
	record Unreferenced(String kind, String key, long size, Instant lastModified) {
	}

	/** A manifest kept although no head retains it, and why. */
	record Kept(String generation, @Nullable String branch, String reason) {
	}

	/**
	 * @param grace the grace period, ISO-8601 ({@code PT1H})
	 * @param objects what was deleted (or, in a dry run, would be)
	 * @param keptHeadless manifests kept because a head is missing or unreadable
	 * @param packsKept the packs kept, {@code packBytes} their size and {@code packBytesUnused} the part of it no
	 * retained generation uses
	 */
	record Result(boolean dryRun, String grace, List<Unreferenced> objects, int count, long bytes,
			List<Kept> keptHeadless, int packsKept, long packBytes, long packBytesUnused) {
	}

	@Override
	void run(Session session, Output output) {
		SnapshotGc.Report report = session.repository().gc(grace, dryRun, deleteHeadless);
		List<Kept> kept = report.keptHeadless()
			.stream()
			.map((headless) -> new Kept(headless.entry().generation(), headless.branch(), headless.reason()))
			.toList();
		List<Unreferenced> objects = new ArrayList<>();
		add(objects, "manifest", report.manifests());
		add(objects, "pack", report.packs());
		add(objects, "chunk", report.chunks());
		add(objects, "references", report.referenceLists());
		add(objects, "successor", report.successors());
		add(objects, "delta part", report.deltaParts());
		SnapshotGc.PackSpace packs = report.packSpace();
		output.result(new Result(dryRun, grace.toString(), objects, report.objects(), report.bytes(), kept,
				packs.packs(), packs.bytes(), packs.wastedBytes()), (result) -> {
			if (!result.objects().isEmpty()) {
				TextTable table = new TextTable("KIND", "KEY", "SIZE", "LAST MODIFIED");
				result.objects().forEach((object) -> table.row(object.kind(), object.key(),
						Formats.bytes(object.size()), Formats.time(object.lastModified())));
				output.table(table);
			}
			output.line((dryRun ? "Would delete " : "Deleted ") + Formats.count(result.count(), "object") + " ("
					+ Formats.bytes(result.bytes()) + ") older than " + Formats.duration(grace));
			if (!result.keptHeadless().isEmpty()) {
				TextTable table = new TextTable("KEPT MANIFEST", "BRANCH", "WHY");
				result.keptHeadless().forEach((manifest) -> table.row(manifest.generation(),
						manifest.branch() != null ? manifest.branch() : "?", manifest.reason()));
				output.table(table);
				output.line("Kept " + result.keptHeadless().size() + " manifest(s) no head retains, and their chunks: "
						+ "rebuild the head with 'buckethead repair-head --branch BRANCH', or pass --delete-headless "
						+ "if that data is not wanted");
			}
			if (result.packBytesUnused() > 0) {
				output.line("Kept " + result.packsKept() + " packs (" + Formats.bytes(result.packBytes()) + "), of which "
						+ Formats.bytes(result.packBytesUnused()) + " hold chunks no retained generation uses");
			}
		});
	}

	private static void add(List<Unreferenced> objects, String kind, Sweep sweep) {
		for (ObjectInfo object : sweep.unreferenced()) {
			objects.add(new Unreferenced(kind, object.key(), object.size(), object.lastModified()));
		}
	}

}
