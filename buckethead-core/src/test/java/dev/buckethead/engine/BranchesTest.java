package dev.buckethead.engine;

import java.nio.file.Path;
import java.sql.Connection;

import dev.buckethead.BucketSQLite;
import dev.buckethead.branch.BranchException;
import dev.buckethead.live.LiveStorage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.buckethead.engine.EngineFixture.count;
import static dev.buckethead.engine.EngineFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BranchesTest {

	@TempDir
	Path temp;

	EngineFixture fixture;

	@BeforeEach
	void setUp() {
		fixture = EngineFixture.onS3(temp.resolve("live"));
	}

	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void createSwitchOverwriteDeleteRoundTrip(LiveStorage storage) throws Exception {
		try (BucketSQLite db = fixture.start(storage)) {
			Connection open = db.connect();
			execute(open, "CREATE TABLE t (x TEXT)");
			execute(open, "INSERT INTO t VALUES ('on main')");

			db.branches().create("experiment-1");
			assertThat(db.branches().list()).containsExactly("experiment-1", "main");
			assertThat(db.branch()).isEqualTo("main");

			db.branches().switchTo("experiment-1");
			assertThat(db.branch()).isEqualTo("experiment-1");
			// A connection opened before the switch sees the new branch.
			execute(open, "INSERT INTO t VALUES ('on experiment')");
			assertThat(count(open, "SELECT count(*) FROM t")).isEqualTo(2);

			db.branches().switchTo("main");
			assertThat(count(open, "SELECT count(*) FROM t")).isEqualTo(1);
			assertThat(count(db.connect(), "SELECT count(*) FROM t WHERE x = 'on experiment'")).isZero();

			db.branches().switchTo("experiment-1");
			assertThat(count(db.connect(), "SELECT count(*) FROM t")).isEqualTo(2);
			db.branches().overwrite("main");
			assertThat(db.branch()).isEqualTo("main");
			execute(open, "INSERT INTO t VALUES ('after overwrite')");
			db.branches().delete("experiment-1");
			assertThat(db.branches().list()).containsExactly("main");
			open.close();
		}
		try (BucketSQLite db = fixture.start(storage)) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(3);
		}
	}

	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void writesBeforeASwitchStayOnTheOutgoingBranch(LiveStorage storage) throws Exception {
		try (BucketSQLite db = fixture.start(storage)) {
			execute(db.connection(), "CREATE TABLE t (x TEXT)");
			db.branches().create("other");
			execute(db.connection(), "INSERT INTO t VALUES ('unflushed on main')");
			db.branches().switchTo("other");
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isZero();
		}
		try (BucketSQLite db = fixture.start(storage, (b) -> b.branch("main"))) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(1);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "a/b", "..", "-x", "a..b", "with space", "ünïcode" })
	void invalidNamesAreRefusedWithTheRule(String name) {
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			assertThatThrownBy(() -> db.branches().create(name)).isInstanceOf(BranchException.class)
				.hasMessageContaining("Invalid branch name");
		}
	}

	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void refusesImpossibleOperations(LiveStorage storage) {
		try (BucketSQLite db = fixture.start(storage)) {
			assertThatThrownBy(() -> db.branches().switchTo("nope")).hasMessageContaining("does not exist");
			assertThatThrownBy(() -> db.branches().delete("main")).hasMessageContaining("current branch");
			db.branches().create("x");
			assertThatThrownBy(() -> db.branches().create("x")).hasMessageContaining("already exists");
		}
	}

}
