package dev.buckethead.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code buckethead.shares.bucket} has text (also set by the original library's
 * {@code BUCKETHEAD_SHARE__BUCKET}). A blank value does not match: as in the original, it means "not configured".
 */
class OnShareBucketCondition extends SpringBootCondition {

	static final String PROPERTY = "buckethead.shares.bucket";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		if (StringUtils.hasText(context.getEnvironment().getProperty(PROPERTY))) {
			return ConditionOutcome.match(PROPERTY + " is set");
		}
		return ConditionOutcome.noMatch(PROPERTY + " is not set");
	}

}
