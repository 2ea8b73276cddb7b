package dev.buckethead.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;

import dev.buckethead.BucketSQLite;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.Manifest;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.snapshot.SnapshotConflictException;
import dev.buckethead.snapshot.SnapshotLayout;
import dev.buckethead.snapshot.SnapshotRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.buckethead.engine.EngineFixture.count;
import static dev.buckethead.engine.EngineFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotRepositoryTest extends EngineTest {


	SnapshotRepository repository;

	@BeforeEach
	void setUp() {
		repository = new SnapshotRepository(fixture.bucket(), SnapshotLayout.DEFAULT_SNAPSHOT_KEY, 10, List.of());
	}

	@AfterEach
	void tearDown() {
		repository.close();
	}

	@Test
	void restoresAGenerationToAPlainFileThatSqliteOpens() throws Exception {
		String first;
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, EngineFixture.WHOLE_BASES)) {
			execute(db.connection(), "CREATE TABLE t (x INTEGER)");
			execute(db.connection(), "INSERT INTO t VALUES (1)");
			first = db.forceFlush().generation();
			execute(db.connection(), "INSERT INTO t VALUES (2)");
		}
		assertThat(repository.branches()).containsExactly("main");
		assertThat(repository.generations("main")).hasSize(2).last().extracting(Manifest::generation).isEqualTo(first);

		Path out = temp.resolve("restored.db");
		repository.restoreTo("main", RestorePoint.latest(), out, false);
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + out)) {
			assertThat(count(connection, "SELECT count(*) FROM t")).isEqualTo(2);
		}
		assertThatThrownBy(() -> repository.restoreTo("main", RestorePoint.latest(), out, false))
			.hasMessageContaining("Refusing to overwrite");
		repository.restoreTo("main", RestorePoint.generation(first), out, true);
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + out)) {
			assertThat(count(connection, "SELECT count(*) FROM t")).isEqualTo(1);
			assertThat(count(connection, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'delete'"))
				.isEqualTo(1);
		}
	}

	@Test
	void importsAFileAsANewGenerationThatTheEngineRestores() throws Exception {
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			execute(db.connection(), "CREATE TABLE t (x INTEGER)");
		}
		Path file = temp.resolve("edited.db");
		repository.restoreTo("main", RestorePoint.latest(), file, false);
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
			execute(connection, "INSERT INTO t VALUES (42)");
		}
		Manifest imported = repository.importFile(file, "main");
		assertThat(repository.head("main").orElseThrow().generation()).isEqualTo(imported.generation());
		try (BucketSQLite db = fixture.start(LiveStorage.MEMORY)) {
			assertThat(count(db.connection(), "SELECT x FROM t")).isEqualTo(42);
		}
	}

	@Test
	void importIsConditionalOnTheHead() throws Exception {
		Path file = temp.resolve("other.db");
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
			execute(connection, "CREATE TABLE t (x INTEGER)");
		}
		BucketSQLite running = fixture.start(LiveStorage.FILE);
		execute(running.connection(), "CREATE TABLE u (y)");
		running.forceFlush();
		Manifest imported = repository.importFile(file, "main");
		execute(running.connection(), "INSERT INTO u VALUES (1)");
		assertThatThrownBy(running::forceFlush).isInstanceOf(SnapshotConflictException.class);
		// The final flush conflicts too: the running instance never overwrites the import.
		assertThatThrownBy(running::close).isInstanceOf(SnapshotConflictException.class);
		assertThat(repository.head("main").orElseThrow().generation()).isEqualTo(imported.generation());
	}

	@Test
	void prunesAndCollectsGarbage() throws Exception {
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, EngineFixture.WHOLE_BASES)) {
			execute(db.connection(), "CREATE TABLE t (x INTEGER)");
			for (int i = 0; i < 4; i++) {
				execute(db.connection(), "INSERT INTO t VALUES (" + i + ")");
				db.forceFlush();
			}
		}
		assertThat(repository.generations("main")).hasSize(4);
		assertThat(repository.prune("main", 1)).hasSize(3);
		assertThat(repository.generations("main")).hasSize(1);
		assertThat(repository.gc(Duration.ZERO, true).packs().unreferenced()).isNotEmpty();
		repository.gc(Duration.ZERO, false);
		assertThat(repository.gc(Duration.ZERO, true).objects()).isZero();
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, EngineFixture.WHOLE_BASES)) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(4);
		}
	}

}
