package dev.buckethead.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.util.FileSystemUtils;

/**
 * Ahead-of-time processing ({@code spring-boot:process-aot}) refreshes the application at build time, and
 * whatever a build-time processor instantiates (Spring Data JDBC's dialect detection asks the DataSource for a
 * connection) would restore the configured bucket, run Flyway on it and flush into it. While AOT processing runs,
 * the engine is therefore started on an empty temporary bucket, with no timer and no share bucket, and the
 * configured bucket client is never created: the build touches no one's data.
 */
final class AotBuild {

	private static final Log logger = LogFactory.getLog(AotBuild.class);

	private AotBuild() {
	}

	/** Whether this JVM is running AOT processing, as Spring's AOT processors say with a system property. */
	static boolean inProgress() {
		return Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING);
	}

	/** A new, empty local-directory bucket in a temporary directory, to stand in for the configured one. */
	static LocalDirectoryBucketClient temporaryBucket() {
		Path directory;
		try {
			directory = Files.createTempDirectory("buckethead-aot-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create a temporary directory for BucketHead during AOT processing "
					+ "in " + System.getProperty("java.io.tmpdir") + "; check that it is writable", ex);
		}
		logger.info("AOT processing: BucketHead runs on an empty temporary bucket, " + directory
				+ ", not on the configured one; nothing is restored or flushed at build time");
		// The processing JVM exits without closing the context it refreshed: every build would leave one behind.
		Runtime.getRuntime().addShutdownHook(removal(directory));
		return new LocalDirectoryBucketClient(directory.resolve("bucket"));
	}

	/** A thread that deletes {@code directory} and everything in it. */
	static Thread removal(Path directory) {
		return new Thread(() -> {
			try {
				FileSystemUtils.deleteRecursively(directory);
			}
			catch (IOException ex) {
				logger.warn("Cannot delete BucketHead's temporary AOT processing directory " + directory, ex);
			}
		}, "buckethead-aot-cleanup");
	}

	/** Keeps the live database beside the temporary bucket, with no timer and no share bucket. */
	static BucketSQLite.Builder isolate(BucketSQLite.Builder builder, LocalDirectoryBucketClient temporary) {
		return builder.directory(temporary.root().resolveSibling("live")).flushInterval(Duration.ZERO).shareConfig(null);
	}

}
