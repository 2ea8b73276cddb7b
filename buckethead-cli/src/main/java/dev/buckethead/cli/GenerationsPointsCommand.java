package dev.buckethead.cli;

import java.time.Instant;
import java.util.List;

import dev.buckethead.snapshot.BranchPoint;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Every point a branch can be restored to with {@code restore --as-of} or {@code --generation}, newest first:
 * its retained bases and the delta steps whose chain to one is kept.
 */
@Command(name = "points", description = "List every restorable point of a branch (each kept flush), newest first.")
final class GenerationsPointsCommand extends SessionCommand {

	@Mixin
	BranchOption branch = new BranchOption();

	/**
	 * @param step the step in the branch's lineage, or null when not known (a base of an older lineage)
	 * @param kind {@code base} (a manifest) or {@code delta} (pages on {@code base})
	 */
	record Point(String generation, Instant createdAt, String kind, @Nullable Long step, String base) {

		static Point of(BranchPoint point) {
			return new Point(point.generation(), point.createdAt(), point.isBase() ? "base" : "delta",
					point.sequence() == BranchPoint.UNKNOWN_SEQUENCE ? null : point.sequence(), point.base());
		}

	}

	@Override
	void run(Session session, Output output) {
		String name = branch.in(session);
		List<Point> points = session.repository().points(name).stream().map(Point::of).toList();
		output.result(points, (list) -> {
			TextTable table = new TextTable("GENERATION", "KIND", "STEP", "CREATED", "BASE");
			list.forEach((point) -> table.row(point.generation(), point.kind(),
					point.step() == null ? "" : String.valueOf(point.step()), Formats.time(point.createdAt()),
					point.kind().equals("base") ? "" : point.base()));
			output.table(table);
		});
	}

}
