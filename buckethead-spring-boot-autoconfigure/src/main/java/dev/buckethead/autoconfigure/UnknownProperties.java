package dev.buckethead.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The {@code buckethead.*} properties an application sets that BucketHead does not know, judged against the
 * configuration metadata on the class path (generated from {@link BucketHeadProperties}, plus the additional
 * metadata), so that every property BucketHead documents is known and nothing else is.
 * <p>
 * {@code buckethead.test.*} belongs to the test support and is left out. So is the system environment: Spring's
 * form of a variable ({@code BUCKETHEAD_BUCKET_ACCESS_KEY_ID}) cannot be told apart from a misspelling without
 * binding it, and the original form's variables are checked by core's settings already.
 */
final class UnknownProperties {

	static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("buckethead");

	/** The test support's own system properties ({@code buckethead.test.s3proxy.jar}, ...), not the application's. */
	private static final ConfigurationPropertyName TEST_SUPPORT = ConfigurationPropertyName.of("buckethead.test");

	private UnknownProperties() {
	}

	/** The unknown keys, sorted, as the application wrote them. */
	static Set<String> in(ConfigurableEnvironment environment, List<String> known) {
		List<ConfigurationPropertyName> knownNames = known.stream().map(ConfigurationPropertyName::of).toList();
		Set<String> unknown = new TreeSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable && checked(source)) {
				iterable.stream()
					.filter(PREFIX::isAncestorOf)
					.filter((name) -> !TEST_SUPPORT.isAncestorOf(name))
					.filter((name) -> knownNames.stream().noneMatch((k) -> k.equals(name) || k.isAncestorOf(name)))
					.forEach((name) -> unknown.add(name.toString()));
			}
		}
		return unknown;
	}

	private static boolean checked(ConfigurationPropertySource source) {
		return !(source.getUnderlyingSource() instanceof PropertySource<?> propertySource)
				|| !propertySource.getName().equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
	}

	/**
	 * Every {@code buckethead.*} property in the class path's configuration metadata.
	 * @throws UncheckedIOException if a metadata document cannot be read
	 */
	static List<String> known(ClassLoader classLoader) {
		JsonMapper json = JsonMapper.builder().build();
		List<String> names = new ArrayList<>();
		try {
			Enumeration<URL> resources = classLoader.getResources(METADATA);
			while (resources.hasMoreElements()) {
				String text;
				try (InputStream in = resources.nextElement().openStream()) {
					text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
				// Every Spring Boot module has metadata of its own: parse only the documents that can be BucketHead's.
				if (text.contains("\"buckethead.")) {
					for (JsonNode property : json.readTree(text).path("properties")) {
						String name = property.path("name").asString();
						if (name.startsWith("buckethead.")) {
							names.add(name);
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + METADATA + " from the class path", ex);
		}
		return names;
	}

}
