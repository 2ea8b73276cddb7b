package dev.buckethead.autoconfigure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DataSourceRoleTests {

	@ParameterizedTest(name = "{0}, enabled={1}, url={2}, bean={3} -> primary={4}")
	@CsvSource(delimiter = '|', textBlock = """
			AUTO       | true  | false | false | true  | no spring.datasource.url and no DataSource bean
			AUTO       | true  | true  | false | false | spring.datasource.url is set
			AUTO       | true  | false | true  | false | the application defines its own DataSource bean
			AUTO       | true  | true  | true  | false | the application defines its own DataSource bean
			PRIMARY    | true  | true  | false | true  | buckethead.datasource.mode is primary
			PRIMARY    | true  | false | true  | false | the application defines its own DataSource bean
			VIEWS_ONLY | true  | false | false | false | buckethead.datasource.mode is views-only
			VIEWS_ONLY | true  | true  | true  | false | buckethead.datasource.mode is views-only
			PRIMARY    | false | false | false | false | buckethead.datasource.enabled is false
			AUTO       | false | true  | true  | false | buckethead.datasource.enabled is false
			""")
	void decides(DataSourceMode mode, boolean enabled, boolean urlSet, boolean bean, boolean primary, String reason) {
		DataSourceRole role = DataSourceRole.decide(mode, enabled, urlSet, bean);
		assertThat(role.primary()).isEqualTo(primary);
		assertThat(role.reason()).startsWith(reason);
	}

}
