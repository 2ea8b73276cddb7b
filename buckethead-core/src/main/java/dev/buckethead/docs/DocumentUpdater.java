package dev.buckethead.docs;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies a MongoDB-style update to a document in Java. Updates read, change and write back each matching document
 * inside one transaction, which keeps the rules (nested objects created on demand, type checks) in one readable
 * place instead of in SQL.
 * <p>
 * The whole update is validated when it is constructed, so a bad one fails before any document is touched: unknown
 * operators, operands of the wrong shape, and two operators on one path ({@code {"$set": {"a": 1}, "$inc":
 * {"a": 1}}}, or {@code a} and {@code a.b}), which MongoDB refuses as a conflict. Array operators live in
 * {@link ArrayOperators}.
 */
final class DocumentUpdater {

	static final List<String> OPERATORS = List.of("$set", "$unset", "$inc", "$mul", "$min", "$max", "$rename",
			"$currentDate", "$setOnInsert", "$push", "$addToSet", "$pop", "$pull", "$pullAll");

	/** How {@code $currentDate} writes a date: what Jackson writes for a {@code java.util.Date}, in UTC. */
	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	/** One operator on one path. */
	record Operation(String operator, JsonPath path, JsonNode operand, @Nullable JsonPath target,
			ArrayOperators.@Nullable Compiled array) {
	}

	private final List<Operation> operations = new ArrayList<>();

	private final Clock clock;

	DocumentUpdater(ObjectNode update, Clock clock) {
		this.clock = clock;
		if (update.isEmpty()) {
			throw new InvalidUpdateException("An update must be a non-empty object of operators such as"
					+ " {\"$set\": {...}}");
		}
		PathClaims paths = new PathClaims();
		for (Map.Entry<String, JsonNode> entry : update.properties()) {
			String operator = entry.getKey();
			if (!OPERATORS.contains(operator)) {
				throw new InvalidUpdateException("Unknown update operator '" + operator + "'; supported: "
						+ String.join(", ", OPERATORS) + " (use replaceOne() to replace a whole document)");
			}
			if (!entry.getValue().isObject()) {
				throw new InvalidUpdateException(operator + " needs an object of paths, got " + entry.getValue());
			}
			for (Map.Entry<String, JsonNode> target : entry.getValue().properties()) {
				Operation operation = operation(operator, path(operator, target.getKey()), target.getValue());
				claim(paths, operation.path());
				if (operation.target() != null) {
					claim(paths, operation.target());
				}
				this.operations.add(operation);
			}
		}
	}

	private Operation operation(String operator, JsonPath path, JsonNode operand) {
		if (path.head().equals(DocumentCodec.ID) && !operator.equals("$setOnInsert")) {
			throw new InvalidUpdateException(operator + " cannot change _id");
		}
		JsonPath target = null;
		switch (operator) {
			case "$inc", "$mul" -> {
				if (!operand.isNumber()) {
					throw new InvalidUpdateException(operator + " on '" + path + "' needs a number, got " + operand);
				}
			}
			case "$rename" -> target = renameTarget(path, operand);
			case "$currentDate" -> dateType(path, operand);
			default -> {
			}
		}
		return new Operation(operator, path, operand, target, ArrayOperators.compile(operator, path, operand));
	}

	private static JsonPath path(String operator, String dotted) {
		try {
			return JsonPath.parse(dotted);
		}
		catch (InvalidPathException ex) {
			String hint = dotted.contains(".$") || dotted.startsWith("$")
					? " (the positional operators $, $[] and $[<identifier>] are not supported)" : "";
			throw new InvalidUpdateException(operator + ": " + ex.getMessage() + hint);
		}
	}

	/** Records {@code path}; MongoDB refuses an update that touches one path twice, or a path and a part of it. */
	private static void claim(PathClaims paths, JsonPath path) {
		String taken = paths.claim(path);
		if (taken != null) {
			throw conflict(path.dotted(), taken);
		}
	}

	private static InvalidUpdateException conflict(String path, String other) {
		return new InvalidUpdateException("Updating the path '" + path + "' would create a conflict with '" + other
				+ "': an update may change each path once, and not a path together with a part of it");
	}

	private static JsonPath renameTarget(JsonPath source, JsonNode operand) {
		if (!operand.isString()) {
			throw new InvalidUpdateException("$rename of '" + source + "' needs the new name as a string, got " + operand);
		}
		JsonPath target = path("$rename", operand.stringValue());
		if (target.head().equals(DocumentCodec.ID)) {
			throw new InvalidUpdateException("$rename cannot change _id");
		}
		return target;
	}

	private static String dateType(JsonPath path, JsonNode operand) {
		if (operand.isBoolean() && operand.booleanValue()) {
			return "date";
		}
		JsonNode type = operand.isObject() && operand.size() == 1 ? operand.get("$type") : null;
		if (type != null && (type.asString("").equals("date") || type.asString("").equals("timestamp"))) {
			return type.stringValue();
		}
		throw new InvalidUpdateException("$currentDate on '" + path + "' needs true, {\"$type\": \"date\"} or"
				+ " {\"$type\": \"timestamp\"}, got " + operand);
	}

	/**
	 * Applies the update to a copy of {@code document} and returns the copy. {@code inserting} says whether the
	 * document is being created by an upsert, the only time {@code $setOnInsert} applies.
	 */
	ObjectNode apply(ObjectNode document, boolean inserting, ArrayOperators.ElementMatcher matcher) {
		ObjectNode result = document.deepCopy();
		for (Operation operation : this.operations) {
			apply(result, operation, inserting, matcher);
		}
		return result;
	}

	private void apply(ObjectNode document, Operation operation, boolean inserting,
			ArrayOperators.ElementMatcher matcher) {
		JsonPath path = operation.path();
		JsonNode operand = operation.operand();
		switch (operation.operator()) {
			case "$set" -> DocumentPaths.set(document, path, "$set", operand.deepCopy());
			case "$setOnInsert" -> {
				if (inserting) {
					DocumentPaths.set(document, path, "$setOnInsert", operand.deepCopy());
				}
			}
			case "$unset" -> DocumentPaths.remove(document, path);
			case "$inc", "$mul" -> arithmetic(document, path, operation.operator(), operand);
			case "$min", "$max" -> extreme(document, path, operation.operator(), operand);
			case "$rename" -> rename(document, path, Objects.requireNonNull(operation.target()));
			case "$currentDate" -> DocumentPaths.set(document, path, "$currentDate", now(dateType(path, operand)));
			default -> ArrayOperators.apply(document, operation, matcher);
		}
	}

	private static void arithmetic(ObjectNode document, JsonPath path, String operator, JsonNode operand) {
		boolean multiply = operator.equals("$mul");
		JsonNode current = DocumentPaths.get(document, path);
		if (current == null) {
			// A missing field starts at 0: $inc sets the amount, $mul sets a zero of the multiplier's type.
			JsonNode start = multiply ? (operand.isIntegralNumber() ? document.numberNode(0L) : document.numberNode(0.0))
					: operand.deepCopy();
			DocumentPaths.set(document, path, operator, start);
			return;
		}
		if (!current.isNumber()) {
			throw new InvalidUpdateException(operator + " cannot " + (multiply ? "multiply" : "add to") + " '" + path
					+ "': it holds " + DocumentPaths.describe(current) + ", not a number");
		}
		JsonNode result;
		if (current.isIntegralNumber() && operand.isIntegralNumber() && current.canConvertToLong()
				&& operand.canConvertToLong()) {
			try {
				long a = current.asLong();
				long b = operand.asLong();
				result = document.numberNode(multiply ? Math.multiplyExact(a, b) : Math.addExact(a, b));
			}
			catch (ArithmeticException ex) {
				throw new InvalidUpdateException(operator + " on '" + path + "' would overflow a 64-bit integer ("
						+ current + (multiply ? " * " : " + ") + operand + ")");
			}
		}
		else if (current.isBigDecimal() || operand.isBigDecimal()) {
			BigDecimal a = current.decimalValue();
			result = document.numberNode(multiply ? a.multiply(operand.decimalValue()) : a.add(operand.decimalValue()));
		}
		else {
			double value = multiply ? current.asDouble() * operand.asDouble() : current.asDouble() + operand.asDouble();
			if (!Double.isFinite(value)) {
				throw new InvalidUpdateException(operator + " on '" + path + "' would give " + value + " ("
						+ current + (multiply ? " * " : " + ") + operand + "), which cannot be stored");
			}
			result = document.numberNode(value);
		}
		DocumentPaths.set(document, path, operator, result);
	}

	/** {@code $min} and {@code $max}: replace when the operand is lower (higher) in MongoDB's order, or set. */
	private static void extreme(ObjectNode document, JsonPath path, String operator, JsonNode operand) {
		JsonNode current = DocumentPaths.get(document, path);
		int order = (current != null) ? JsonOrder.compare(operand, current) : 0;
		if (current == null || (operator.equals("$min") ? order < 0 : order > 0)) {
			DocumentPaths.set(document, path, operator, operand.deepCopy());
		}
	}

	private static void rename(ObjectNode document, JsonPath source, JsonPath target) {
		if (DocumentPaths.crossesArray(document, source) || DocumentPaths.crossesArray(document, target)) {
			throw new InvalidUpdateException("$rename cannot move '" + source + "' to '" + target
					+ "': one of them crosses an array, and $rename works on fields of documents only");
		}
		JsonNode value = DocumentPaths.get(document, source);
		if (value != null) {
			DocumentPaths.remove(document, source);
			DocumentPaths.set(document, target, "$rename", value);
		}
	}

	private JsonNode now(String type) {
		return type.equals("date") ? JsonValues.NODES.stringNode(DATE.format(this.clock.instant()))
				: JsonValues.NODES.numberNode(this.clock.millis());
	}

}
