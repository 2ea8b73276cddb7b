package dev.buckethead.autoconfigure.aot;

import dev.buckethead.live.LiveFileIdentity;
import dev.buckethead.snapshot.HeadPointer;
import dev.buckethead.snapshot.Manifest;
import dev.buckethead.snapshot.SuccessorClaim;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * What the engine needs in a native image that static analysis cannot see (registered in
 * {@code META-INF/spring/aot.factories}):
 * <ul>
 * <li>the records Jackson binds to and from the bucket's JSON (heads, successor claims, manifests and their chunk
 * references), the encrypted bucket's marker and the live file's identity, with their components;</li>
 * <li>the configuration metadata, which the unknown-key check reads from the classpath at start-up to name the
 * nearest known {@code buckethead.*} property;</li>
 * <li>zstd-jni's native libraries, which it extracts from the classpath ({@code <os>/<arch>/libzstd-jni-*}), and
 * the classes its native code reaches through JNI.</li>
 * </ul>
 * sqlite-jdbc needs nothing here: it ships its own native-image feature ({@code SqliteJdbcFeature}), which
 * registers its library for the build's platform and its JNI access.
 */
public final class BucketHeadRuntimeHints implements RuntimeHintsRegistrar {

	/** Package-private in core, so named here: the JSON object that says a bucket is encrypted. */
	static final String ENCRYPTION_MARKER = "dev.buckethead.encryption.BucketEncryption$Marker";

	/** What {@code UnknownProperties} reads (Spring Boot's own metadata is read the same way). */
	static final String CONFIGURATION_METADATA = "META-INF/spring-configuration-metadata.json";

	static final String[] ZSTD_NATIVE_LIBRARIES = { "linux/*/libzstd-jni-*.so", "darwin/*/libzstd-jni-*.dylib",
			"win/*/libzstd-jni-*.dll", "freebsd/*/libzstd-jni-*.so", "aix/*/libzstd-jni-*.so" };

	static final String[] ZSTD_JNI_TYPES = { "com.github.luben.zstd.Zstd", "com.github.luben.zstd.ZstdException",
			"com.github.luben.zstd.util.Native" };

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), HeadPointer.class,
				SuccessorClaim.class, Manifest.class, LiveFileIdentity.class,
				ClassUtils.resolveClassName(ENCRYPTION_MARKER, classLoader));
		hints.resources().registerPattern(CONFIGURATION_METADATA);
		for (String pattern : ZSTD_NATIVE_LIBRARIES) {
			hints.resources().registerPattern(pattern);
		}
		for (String type : ZSTD_JNI_TYPES) {
			hints.jni()
				.registerType(TypeReference.of(type), MemberCategory.ACCESS_DECLARED_FIELDS,
						MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.INVOKE_DECLARED_METHODS);
		}
	}

}
