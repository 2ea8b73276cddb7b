package dev.buckethead.docs;

import java.util.Iterator;
import java.util.stream.BaseStream;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.ser.bean.BeanSerializerBase;
import tools.jackson.databind.ser.impl.UnknownSerializer;
import tools.jackson.databind.ser.std.ToEmptyObjectSerializer;

/**
 * A guard on the application's mapper for writing documents: Jackson writes any object it meets, a
 * {@code Thread} as its bean properties, an {@code InputStream} or a plain {@code Object} as {@code {}}, a stream
 * or iterator by consuming it. Stored that way, data is silently lost; so the guarded mapper refuses JDK classes
 * it would write as beans, objects with no properties at all, and streams and iterators. Records, POJOs of the
 * application and value types Jackson writes as scalars ({@code UUID}, {@code java.time}, enums) are untouched.
 */
final class JsonOnlySerializers extends ValueSerializerModifier {

	private static final long serialVersionUID = 1L;

	private JsonOnlySerializers() {
	}

	/** A copy of {@code mapper}, with all its settings, that refuses non-JSON values. */
	static JsonMapper guard(JsonMapper mapper) {
		SimpleModule module = new SimpleModule("buckethead-json-only");
		module.setSerializerModifier(new JsonOnlySerializers());
		return mapper.rebuild().addModule(module).build();
	}

	@Override
	public ValueSerializer<?> modifySerializer(SerializationConfig config, BeanDescription.Supplier description,
			ValueSerializer<?> serializer) {
		Class<?> type = description.getBeanClass();
		if (serializer instanceof UnknownSerializer || serializer instanceof ToEmptyObjectSerializer) {
			return new Refusal(type, "has no properties to write as JSON");
		}
		if (BaseStream.class.isAssignableFrom(type) || Iterator.class.isAssignableFrom(type)) {
			return new Refusal(type, "is not a JSON value; collect it into a List first");
		}
		if (serializer instanceof BeanSerializerBase && isJdk(type)) {
			return new Refusal(type, "is not a JSON value (Jackson would write its bean properties)");
		}
		return serializer;
	}

	private static boolean isJdk(Class<?> type) {
		String name = type.getName();
		return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
				|| name.startsWith("sun.") || name.startsWith("com.sun.");
	}

	/** Fails the write, naming the type; Jackson adds where in the object graph it was. */
	private static final class Refusal extends ValueSerializer<Object> {

		private final Class<?> type;

		private final String problem;

		Refusal(Class<?> type, String problem) {
			this.type = type;
			this.problem = problem;
		}

		@Override
		public void serialize(Object value, JsonGenerator generator, SerializationContext context) {
			throw DatabindException.from(generator, this.type.getName() + " " + this.problem);
		}

	}

}
