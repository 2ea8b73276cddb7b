package dev.buckethead.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import dev.buckethead.bucket.ObjectInfo;
import dev.buckethead.bucket.TestBuckets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** gc of packs: a pack stays while any retained generation uses a chunk in it, and its unused bytes are reported. */
class PackGcTest {

	@TempDir
	Path temp;

	private PackFixture fixture;

	private SnapshotGc gc;

	@BeforeEach
	void createFixture() {
		fixture = new PackFixture(TestBuckets.newS3Bucket("packgc"), temp);
		gc = new SnapshotGc(fixture.store, fixture.heads, Clock.systemUTC());
	}

	@AfterEach
	void closeFixture() {
		fixture.close();
	}

	@Test
	void aPartlyUsedPackIsKeptAndItsUnusedBytesAreReported() throws Exception {
		Path file = fixture.database("partly.db", 600);
		Manifest first = fixture.commit(fixture.writer(), file);
		Manifest second = changeAndKeepOnlyTheChange(file, "UPDATE t SET payload = randomblob(1000) WHERE id IN (10, 300)");

		SnapshotGc.Report report = gc.collect(Duration.ZERO, false);

		Set<ChunkRef> used = new HashSet<>(second.chunks());
		long unused = first.chunks().stream().filter((chunk) -> !used.contains(chunk))
			.mapToLong((chunk) -> chunk.location().size()).sum();
		Set<String> partly = first.chunks().stream().filter((chunk) -> !used.contains(chunk))
			.map((chunk) -> fixture.layout().packKey(chunk.location().pack())).collect(Collectors.toSet());
		assertThat(report.packs().unreferenced()).isEmpty();
		assertThat(report.packSpace().wastedBytes()).isEqualTo(unused).isPositive();
		assertThat(report.packSpace().partlyReferenced()).extracting(ObjectInfo::key).containsExactlyInAnyOrderElementsOf(partly);
		assertThat(report.packSpace().packs()).isEqualTo(fixture.bucket.list(fixture.layout().packPrefix()).size());
		assertThat(fixture.restore(second)).isEqualTo(Files.readAllBytes(file));
	}

	@Test
	void aPackNoRetainedGenerationUsesIsDeleted() throws Exception {
		Path file = fixture.database("replaced.db", 300);
		Manifest first = fixture.commit(fixture.writer(), file);
		Manifest second = changeAndKeepOnlyTheChange(file, "UPDATE t SET payload = randomblob(1000)");
		Set<String> firstPacks = packKeys(first);
		Set<String> secondPacks = packKeys(second);
		Set<String> onlyFirst = new HashSet<>(firstPacks);
		onlyFirst.removeAll(secondPacks);
		assertThat(onlyFirst).isNotEmpty();

		SnapshotGc.Report report = gc.collect(Duration.ZERO, false);

		assertThat(report.packs().unreferenced()).extracting(ObjectInfo::key).containsExactlyInAnyOrderElementsOf(onlyFirst);
		assertThat(fixture.bucket.list(fixture.layout().packPrefix())).extracting(ObjectInfo::key)
			.containsExactlyInAnyOrderElementsOf(secondPacks);
		assertThat(fixture.restore(second)).isEqualTo(Files.readAllBytes(file));
	}

	@Test
	void theGracePeriodProtectsThePacksOfAWriteWhoseHeadHasNotMovedYet() throws Exception {
		Path file = fixture.database("inflight.db", 200);
		fixture.commit(fixture.writer(), file);
		PackFixture.sql(file, "UPDATE t SET payload = randomblob(1000) WHERE id = 7");
		Manifest unpublished = fixture.write(fixture.writer(), file, fixture.store.readManifest(
				fixture.heads.read("main").orElseThrow().pointer().generation())).manifest();
		Set<String> packs = unpublished.chunks().stream().map((chunk) -> chunk.location().pack())
			.filter((pack) -> pack.startsWith(unpublished.generation())).collect(Collectors.toSet());
		assertThat(packs).hasSize(1);

		assertThat(gc.collect(Duration.ofHours(1), false).objects()).isZero();
		SnapshotGc.Report late = gc.collect(Duration.ZERO, false);
		assertThat(late.packs().unreferenced()).extracting(ObjectInfo::key)
			.containsExactly(fixture.layout().packKey(packs.iterator().next()));
		assertThat(late.manifests().unreferenced()).hasSize(1);
	}

	/** Changes the database, commits it, and keeps only the new generation: the old one is now garbage. */
	private Manifest changeAndKeepOnlyTheChange(Path file, String update) throws Exception {
		PackFixture.sql(file, update);
		Manifest current = fixture.commit(fixture.writer(), file);
		var head = fixture.heads.read("main").orElseThrow();
		new BranchHeads(fixture.store, 1, Clock.systemUTC()).advance("main", head.pointer().generation(), head);
		return current;
	}

	private Set<String> packKeys(Manifest manifest) {
		return manifest.chunks().stream().map((chunk) -> fixture.layout().packKey(chunk.location().pack()))
			.collect(Collectors.toSet());
	}

}
