package dev.buckethead.autoconfigure;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when the {@link DataSourceRole} is the one wanted: {@link Primary} where BucketHead provides the
 * application's DataSource, {@link ViewsOnly} where it backs off. Evaluated before Spring Boot's own DataSource
 * auto-configuration, so a DataSource bean present here is the application's.
 */
abstract class OnDataSourceRoleCondition extends SpringBootCondition implements ConfigurationCondition {

	private final boolean primary;

	OnDataSourceRoleCondition(boolean primary) {
		this.primary = primary;
	}

	/** When bean definitions are registered, as for {@code @ConditionalOnBean}: the application's are there. */
	@Override
	public ConfigurationPhase getConfigurationPhase() {
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		DataSourceRole role = role(context.getEnvironment(), context.getBeanFactory());
		return new ConditionOutcome(role.primary() == this.primary, role.reason());
	}

	static DataSourceRole role(Environment environment, @Nullable ConfigurableListableBeanFactory beanFactory) {
		Binder binder = Binder.get(environment);
		DataSourceMode mode = binder.bind("buckethead.datasource.mode", DataSourceMode.class)
			.orElse(DataSourceMode.AUTO);
		boolean enabled = binder.bind("buckethead.datasource.enabled", Boolean.class).orElse(true);
		boolean urlSet = StringUtils.hasText(environment.getProperty("spring.datasource.url"));
		boolean applicationDataSource = beanFactory != null
				&& beanFactory.getBeanNamesForType(DataSource.class, true, false).length > 0;
		return DataSourceRole.decide(mode, enabled, urlSet, applicationDataSource);
	}

	static final class Primary extends OnDataSourceRoleCondition {

		Primary() {
			super(true);
		}

	}

	static final class ViewsOnly extends OnDataSourceRoleCondition {

		ViewsOnly() {
			super(false);
		}

	}

}
