package dev.buckethead.tracker;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the files to sync under one tracked root. Written as its own walk rather than
 * {@link Files#walkFileTree} so that every entry is judged on its own: a directory that cannot be listed is one
 * error, not the end of the walk, and symbolic links are followed only to regular files inside the root (never
 * to directories, so there are no cycles, and never out of the root).
 */
final class TrackedTree {

	private final Path root;

	private final PathFilter filter;

	private final SyncReport.Builder report;

	TrackedTree(Path root, PathFilter filter, SyncReport.Builder report) {
		this.root = root;
		this.filter = filter;
		this.report = report;
	}

	/**
	 * Hands each file to sync to {@code files}, in name order, reporting skipped entries and unreadable
	 * directories. A root that does not exist yields nothing. A root that is a file is yielded as it is, even
	 * through a symbolic link: it was named.
	 */
	void forEachFile(Consumer<Path> files) {
		if (Files.isDirectory(root)) {
			Path realRoot;
			try {
				realRoot = root.toRealPath();
			}
			catch (IOException ex) {
				report.error(root, describe(ex));
				return;
			}
			walk(root, realRoot, files);
		}
		else if (Files.isRegularFile(root)) {
			files.accept(root);
		}
		else if (Files.exists(root, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(root)) {
			report.skipped(root, "not a regular file or directory");
		}
	}

	private void walk(Path directory, Path realRoot, Consumer<Path> files) {
		List<Path> entries = new ArrayList<>();
		try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory)) {
			listing.forEach(entries::add);
		}
		catch (IOException | RuntimeException ex) {
			report.error(directory, "cannot list the directory: " + describe(ex));
			return;
		}
		entries.sort(null);
		for (Path entry : entries) {
			visit(entry, realRoot, files);
		}
	}

	private void visit(Path entry, Path realRoot, Consumer<Path> files) {
		Path relative = root.relativize(entry);
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return; // Deleted since the listing: as if it never was.
		}
		catch (IOException ex) {
			report.error(entry, describe(ex));
			return;
		}
		if (attributes.isDirectory()) {
			if (filter.entersDirectory(relative)) {
				walk(entry, realRoot, files);
			}
		}
		else if (!filter.tracksFile(relative)) {
			return;
		}
		else if (attributes.isSymbolicLink()) {
			visitLink(entry, realRoot, files);
		}
		else if (attributes.isRegularFile()) {
			files.accept(entry);
		}
		else {
			report.skipped(entry, "not a regular file (a socket, pipe or device)");
		}
	}

	private void visitLink(Path link, Path realRoot, Consumer<Path> files) {
		Path target;
		try {
			target = link.toRealPath();
		}
		catch (NoSuchFileException ex) {
			report.skipped(link, "broken symbolic link");
			return;
		}
		catch (IOException ex) {
			report.error(link, "cannot resolve the symbolic link: " + describe(ex));
			return;
		}
		if (!target.startsWith(realRoot)) {
			report.skipped(link, "symbolic link leads out of the tracked directory " + root + " (to " + target + ")");
		}
		else if (Files.isDirectory(target)) {
			report.skipped(link, "symbolic link to a directory; only links to files are followed");
		}
		else if (Files.isRegularFile(target)) {
			files.accept(link);
		}
		else {
			report.skipped(link, "symbolic link to something that is not a regular file");
		}
	}

	/** A short reason for a file-system failure, naming its kind. */
	static String describe(Exception ex) {
		if (ex instanceof AccessDeniedException) {
			return "permission denied";
		}
		if (ex instanceof NoSuchFileException) {
			return "no such file";
		}
		String message = ex.getMessage();
		return ex.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

}
