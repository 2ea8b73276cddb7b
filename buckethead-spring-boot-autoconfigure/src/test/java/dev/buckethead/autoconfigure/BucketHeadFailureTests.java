package dev.buckethead.autoconfigure;

import java.net.ConnectException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import dev.buckethead.BucketHeadException;
import dev.buckethead.bucket.BucketException;
import dev.buckethead.config.BucketHeadConfigException;
import dev.buckethead.live.LiveDatabaseException;
import dev.buckethead.snapshot.CorruptSnapshotException;
import dev.buckethead.snapshot.SnapshotConflictException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link BucketHeadFailure#of}: which kind each of core's failures is. */
class BucketHeadFailureTests {

	static Stream<Arguments> failures() {
		return Stream.of(
				Arguments.of(new BucketHeadConfigException(List.of("region is missing")),
						BucketHeadFailure.CONFIGURATION),
				Arguments.of(new CorruptSnapshotException("k.bh/manifests/g.json", "bad checksum"),
						BucketHeadFailure.CORRUPT_SNAPSHOT),
				Arguments.of(new SnapshotConflictException("main", "g1", "g2"), BucketHeadFailure.CONFLICT),
				Arguments.of(bucket(s3(403, "SignatureDoesNotMatch")), BucketHeadFailure.ACCESS_DENIED),
				Arguments.of(bucket(s3(404, "NoSuchBucket")), BucketHeadFailure.BUCKET_NOT_FOUND),
				Arguments.of(bucket(s3(301, "PermanentRedirect")), BucketHeadFailure.WRONG_REGION),
				Arguments.of(bucket(SdkClientException.create("refused", new ConnectException())),
						BucketHeadFailure.UNREACHABLE),
				Arguments.of(bucket(new TimeoutException()), BucketHeadFailure.TIMED_OUT),
				Arguments.of(bucket(s3(500, "InternalError")), BucketHeadFailure.BUCKET_ERROR),
				Arguments.of(new BucketException("Cannot write 'k': disk full"), BucketHeadFailure.BUCKET_ERROR),
				Arguments.of(new BucketHeadException("flush gave up after 30 s", new TimeoutException()),
						BucketHeadFailure.TIMED_OUT),
				Arguments.of(new LiveDatabaseException("Cannot open the live database"), BucketHeadFailure.OTHER));
	}

	@ParameterizedTest
	@MethodSource("failures")
	void readsTheKindOfEachFailure(Throwable failure, BucketHeadFailure expected) {
		assertThat(BucketHeadFailure.of(failure)).isEqualTo(expected);
	}

	@Test
	void everyKindHasItsOwnCodeAndAnAction() {
		assertThat(Arrays.stream(BucketHeadFailure.values()).map(BucketHeadFailure::code))
			.doesNotHaveDuplicates()
			.allMatch((code) -> code.matches("[a-z-]+"));
		assertThat(BucketHeadFailure.values()).allSatisfy((kind) -> assertThat(kind.action()).isNotBlank());
	}

	private static BucketException bucket(Throwable cause) {
		return new BucketException("Cannot read 'k.bh/heads/main.json' in s3://b at http://127.0.0.1:1", cause);
	}

	private static S3Exception s3(int status, String code) {
		return (S3Exception) S3Exception.builder()
			.statusCode(status)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
			.build();
	}

}
