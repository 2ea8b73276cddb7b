package dev.buckethead.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code buckethead.bucket.name} has text. Unlike {@code @ConditionalOnProperty}, a blank value does
 * not match: as in the original library, an empty {@code BUCKETHEAD_BUCKET__NAME} means "no bucket".
 */
class OnBucketNameCondition extends SpringBootCondition {

	static final String PROPERTY = "buckethead.bucket.name";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		if (StringUtils.hasText(context.getEnvironment().getProperty(PROPERTY))) {
			return ConditionOutcome.match(PROPERTY + " is set");
		}
		return ConditionOutcome.noMatch(PROPERTY + " is not set");
	}

}
