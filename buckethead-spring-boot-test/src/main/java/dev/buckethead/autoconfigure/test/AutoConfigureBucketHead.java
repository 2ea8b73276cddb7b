package dev.buckethead.autoconfigure.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Brings BucketHead's auto-configuration (the engine, its views, its {@code DataSource} and the translation of
 * SQLite's errors into Spring's {@code DataAccessException}s) into a test, so that
 * slices such as {@code @JdbcTest} and {@code @DataJdbcTest} run on the BucketHead database; there it also keeps
 * {@code @AutoConfigureTestDatabase} from replacing that {@code DataSource} with an embedded one (an explicit
 * {@code replace} still wins). On a {@code @SpringBootTest}, which has the auto-configuration already, it chooses
 * the bucket and the fixture.
 * <p>
 * Every test context, with or without this annotation, gets an ephemeral bucket: a new temporary directory,
 * deleted when the context closes, instead of the configured bucket, so a test never restores the developer's or
 * production data and never flushes into it. {@code ephemeral = false} (or the property
 * {@code buckethead.test.ephemeral=false} for tests without this annotation) uses the configured bucket.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureBucketHead {

	/**
	 * Whether the test gets a temporary bucket (true) or the configured one (false: restores from it, flushes
	 * into it).
	 * @return whether the bucket is ephemeral
	 */
	boolean ephemeral() default true;

	/**
	 * A snapshot fixture the test starts from, as a Spring resource location ({@code classpath:fixtures/notes.db},
	 * {@code file:src/test/fixtures/bucket}): a plain SQLite file, imported on the default branch as the original
	 * library's snapshot, or a bucket directory (as written by the local-directory bucket), copied whole. Copied
	 * into the ephemeral bucket, so the fixture itself never changes; needs {@code ephemeral = true}.
	 * @return the fixture's location, empty for none
	 */
	String restoreFrom() default "";

}
