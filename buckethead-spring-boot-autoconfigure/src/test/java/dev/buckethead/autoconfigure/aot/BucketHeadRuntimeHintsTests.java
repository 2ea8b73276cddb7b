package dev.buckethead.autoconfigure.aot;

import dev.buckethead.snapshot.ChunkRef;
import dev.buckethead.snapshot.HeadPointer;
import dev.buckethead.snapshot.Manifest;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeHint;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

class BucketHeadRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	BucketHeadRuntimeHintsTests() {
		new BucketHeadRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void isRegisteredInAotFactories() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(BucketHeadRuntimeHints.class);
	}

	@Test
	void jacksonBoundRecordsAndTheirComponentsAreReflective() throws Exception {
		assertThat(RuntimeHintsPredicates.reflection().onType(HeadPointer.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Manifest.class)).accepts(this.hints);
		// Reached through Manifest.chunks(): List<ChunkRef>.
		assertThat(RuntimeHintsPredicates.reflection().onType(ChunkRef.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Manifest.class.getMethod("generation")))
			.accepts(this.hints);
	}

	@Test
	void theEncryptedBucketsMarkerIsReflective() throws Exception {
		Class<?> marker = Class.forName(BucketHeadRuntimeHints.ENCRYPTION_MARKER);
		assertThat(marker.isRecord()).isTrue();
		assertThat(RuntimeHintsPredicates.reflection().onType(marker)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(marker.getDeclaredMethod("cipher")))
			.accepts(this.hints);
	}

	@Test
	void theConfigurationMetadataTheUnknownKeyCheckReadsIsAResource() {
		assertThat(getClass().getClassLoader().getResource(BucketHeadRuntimeHints.CONFIGURATION_METADATA)).isNotNull();
		assertThat(RuntimeHintsPredicates.resource().forResource(BucketHeadRuntimeHints.CONFIGURATION_METADATA))
			.accepts(this.hints);
	}

	@Test
	void zstdNativeLibrariesOfEveryPlatformInTheJarAreResources() {
		String version = com.github.luben.zstd.util.ZstdVersion.VERSION;
		for (String library : new String[] { "linux/amd64/libzstd-jni-" + version + ".so",
				"linux/aarch64/libzstd-jni-" + version + ".so", "darwin/aarch64/libzstd-jni-" + version + ".dylib",
				"win/amd64/libzstd-jni-" + version + ".dll" }) {
			assertThat(getClass().getClassLoader().getResource(library)).as(library).isNotNull();
			assertThat(RuntimeHintsPredicates.resource().forResource(library)).as(library).accepts(this.hints);
		}
	}

	@Test
	void zstdJniTypesExistAndAreRegistered() throws Exception {
		for (String type : BucketHeadRuntimeHints.ZSTD_JNI_TYPES) {
			Class.forName(type);
			TypeHint hint = this.hints.jni().getTypeHint(TypeReference.of(type));
			assertThat(hint).as(type).isNotNull();
			assertThat(hint.getMemberCategories()).as(type).contains(MemberCategory.INVOKE_DECLARED_METHODS);
		}
	}

}
