package dev.buckethead.autoconfigure;

import java.util.List;

import dev.buckethead.config.BucketHeadConfigException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class BucketHeadConfigFailureAnalyzerTests {

	@Test
	void listsEveryProblemAndSaysWhatToFix() {
		BucketHeadConfigException problem = new BucketHeadConfigException(
				List.of("bucket name is missing", "region is missing"));
		FailureAnalysis analysis = new BucketHeadConfigFailureAnalyzer()
			.analyze(new BeanCreationException("bucketSQLite", "failed", problem));
		assertThat(analysis.getDescription()).contains("bucket name is missing", "region is missing");
		assertThat(analysis.getAction()).contains("buckethead.*", "BUCKETHEAD_*");
	}

}
