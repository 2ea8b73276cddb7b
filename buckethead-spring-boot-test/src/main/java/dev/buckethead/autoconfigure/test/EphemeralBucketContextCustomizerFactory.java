package dev.buckethead.autoconfigure.test;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Registered in {@code META-INF/spring.factories}, so every Spring test context gets the
 * {@link EphemeralBucketContextCustomizer} once this module is on the test classpath: no BucketHead annotation is
 * needed for a test to stay away from the configured bucket.
 */
class EphemeralBucketContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		AutoConfigureBucketHead annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				AutoConfigureBucketHead.class);
		if (annotation == null) {
			return new EphemeralBucketContextCustomizer(false, true, "");
		}
		return new EphemeralBucketContextCustomizer(true, annotation.ephemeral(), annotation.restoreFrom());
	}

}
