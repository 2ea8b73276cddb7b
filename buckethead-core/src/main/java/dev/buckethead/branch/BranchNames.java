package dev.buckethead.branch;

import java.util.regex.Pattern;

/**
 * Branch names become object keys, so they are kept to a safe alphabet: 1 to 100 letters, digits, '.', '_'
 * or '-', starting with a letter or digit, with no "..".
 */
public final class BranchNames {

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	private BranchNames() {
	}

	/** Returns {@code name} if valid, else throws an exception that says what a valid name looks like. */
	public static String validate(String name) {
		if (name == null || !VALID.matcher(name).matches() || name.contains("..")) {
			throw new BranchException("Invalid branch name '" + name + "': use 1-100 letters, digits, '.', '_' or "
					+ "'-', starting with a letter or digit, without '..' (e.g. 'main', 'experiment-1')");
		}
		return name;
	}

}
