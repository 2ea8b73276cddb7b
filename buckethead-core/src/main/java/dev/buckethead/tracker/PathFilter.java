package dev.buckethead.tracker;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Which files under a tracked directory are tracked: those matching an include glob (every file when there is
 * none) and no exclude glob. A glob without {@code /} matches a file or directory <em>name</em> at any depth
 * ({@code *.log}, {@code .git}); a glob with {@code /} matches the path relative to the tracked directory, with
 * {@code /} between names ({@code src/**}{@code /*.java}). Globs use {@link java.nio.file.FileSystem#getPathMatcher
 * Java's glob syntax}. A directory matching an exclude glob is not entered. Filters do not apply to a tracked
 * file, which is tracked because it was named.
 * <pre>{@code
 * PathFilter.all().including("*.json", "*.yaml").excluding("node_modules", "*.tmp")
 * }</pre>
 */
public final class PathFilter {

	private static final PathFilter ALL = new PathFilter(List.of(), List.of());

	private final List<String> includes;

	private final List<String> excludes;

	private final List<Glob> includeGlobs;

	private final List<Glob> excludeGlobs;

	private PathFilter(List<String> includes, List<String> excludes) {
		this.includes = List.copyOf(includes);
		this.excludes = List.copyOf(excludes);
		this.includeGlobs = compile(this.includes);
		this.excludeGlobs = compile(this.excludes);
	}

	/** Every file. */
	public static PathFilter all() {
		return ALL;
	}

	/**
	 * A filter from globs as {@link #includes()} and {@link #excludes()} return them.
	 * @throws TrackerException if a glob is invalid
	 */
	public static PathFilter of(List<String> includes, List<String> excludes) {
		return new PathFilter(includes, excludes);
	}

	/** This filter with more include globs. */
	public PathFilter including(String... globs) {
		return new PathFilter(concat(includes, globs), excludes);
	}

	/** This filter with more exclude globs. */
	public PathFilter excluding(String... globs) {
		return new PathFilter(includes, concat(excludes, globs));
	}

	public List<String> includes() {
		return includes;
	}

	public List<String> excludes() {
		return excludes;
	}

	/** Whether the file at {@code relative} (to the tracked directory) is tracked. */
	boolean tracksFile(Path relative) {
		return (includeGlobs.isEmpty() || matchesAny(includeGlobs, relative)) && !matchesAny(excludeGlobs, relative);
	}

	/** Whether the directory at {@code relative} is entered. */
	boolean entersDirectory(Path relative) {
		return !matchesAny(excludeGlobs, relative);
	}

	private static boolean matchesAny(List<Glob> globs, Path relative) {
		for (Glob glob : globs) {
			if (glob.matches(relative)) {
				return true;
			}
		}
		return false;
	}

	private static List<String> concat(List<String> existing, String... more) {
		List<String> all = new ArrayList<>(existing);
		all.addAll(List.of(more));
		return all;
	}

	private static List<Glob> compile(List<String> globs) {
		List<Glob> compiled = new ArrayList<>(globs.size());
		for (String glob : globs) {
			compiled.add(Glob.compile(glob));
		}
		return List.copyOf(compiled);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof PathFilter that && includes.equals(that.includes) && excludes.equals(that.excludes);
	}

	@Override
	public int hashCode() {
		return includes.hashCode() * 31 + excludes.hashCode();
	}

	@Override
	public String toString() {
		return "PathFilter[include=" + includes + ", exclude=" + excludes + "]";
	}

	/** One compiled glob and whether it matches names or relative paths. */
	private record Glob(PathMatcher matcher, boolean byName) {

		static Glob compile(String glob) {
			if (glob == null || glob.isBlank() || glob.indexOf('\n') >= 0 || glob.indexOf('\r') >= 0) {
				throw new TrackerException("Invalid glob '" + glob + "': it must be non-blank, on one line");
			}
			try {
				return new Glob(FileSystems.getDefault().getPathMatcher("glob:" + glob), glob.indexOf('/') < 0);
			}
			catch (PatternSyntaxException ex) {
				throw new TrackerException("Invalid glob '" + glob + "': " + ex.getDescription(), ex);
			}
		}

		boolean matches(Path relative) {
			Path name = relative.getFileName();
			return byName ? (name != null && matcher.matches(name)) : matcher.matches(relative);
		}

	}

}
