package dev.buckethead.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Reads the {@code [env]} table of BucketHead's {@code config.toml}: environment variable names mapped to values,
 * which the original library merged into the process environment with {@code os.environ.setdefault}. The rest
 * of the file belongs to other tools (the CLI's project registry) and is ignored.
 */
final class EnvTable {

	private static final TomlMapper TOML = new TomlMapper();

	private EnvTable() {
	}

	/**
	 * The {@code [env]} entries of {@code file} as text; empty if the file or the table does not exist.
	 * @throws BucketHeadConfigException naming the file (and the line, when the parser knows it) if the file
	 * cannot be read or parsed, or if an entry is not a plain value
	 */
	static Map<String, String> read(Path file) {
		if (!Files.exists(file)) {
			return Map.of();
		}
		JsonNode env = parse(file).get("env");
		if (env == null || env.isNull() || env.isMissingNode()) {
			return Map.of();
		}
		if (!env.isObject()) {
			throw invalid(file, "has 'env' of type " + typeOf(env) + "; it must be a table ([env])");
		}
		Map<String, String> entries = new LinkedHashMap<>();
		List<String> problems = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : env.properties()) {
			JsonNode value = entry.getValue();
			if (value.isValueNode() && !value.isNull()) {
				entries.put(entry.getKey(), value.asString());
			}
			else {
				problems.add(problem(file, "has [env] entry '" + entry.getKey() + "' of type "
						+ typeOf(value) + "; it must be a string, number or boolean"));
			}
		}
		if (!problems.isEmpty()) {
			throw new BucketHeadConfigException(problems);
		}
		return entries;
	}

	private static JsonNode parse(Path file) {
		String text;
		try {
			text = Files.readString(file);
		}
		catch (IOException ex) {
			throw invalid(file, "cannot be read (" + ex + ")");
		}
		try {
			JsonNode root = TOML.readTree(text);
			return (root != null) ? root : TOML.createObjectNode();
		}
		catch (JacksonException ex) {
			TokenStreamLocation location = ex.getLocation();
			String where = (location != null && location.getLineNr() > 0)
					? " at line " + location.getLineNr() + ", column " + location.getColumnNr() : "";
			throw invalid(file, "is not valid TOML" + where + ": " + ex.getOriginalMessage());
		}
	}

	/** The node's type in TOML's words. */
	private static String typeOf(JsonNode node) {
		return node.isObject() ? "table" : node.getNodeType().name().toLowerCase(Locale.ROOT);
	}

	private static String problem(Path file, String detail) {
		return "BucketHead config file " + file + " " + detail;
	}

	private static BucketHeadConfigException invalid(Path file, String detail) {
		return new BucketHeadConfigException(List.of(problem(file, detail)));
	}

}
