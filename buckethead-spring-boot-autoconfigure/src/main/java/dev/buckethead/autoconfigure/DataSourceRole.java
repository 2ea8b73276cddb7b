package dev.buckethead.autoconfigure;

/**
 * What the live database is to the application, decided from the settings and what the application brings: a
 * pure function, so every combination is a row of a table test.
 *
 * @param primary whether BucketHead provides the application's DataSource
 * @param reason why, for the condition report and the one INFO line of a back-off
 */
record DataSourceRole(boolean primary, String reason) {

	static final String APPLICATION_BEAN = "the application defines its own DataSource bean";

	static DataSourceRole decide(DataSourceMode mode, boolean enabled, boolean urlSet, boolean applicationDataSource) {
		if (!enabled) {
			return viewsOnly("buckethead.datasource.enabled is false");
		}
		if (mode == DataSourceMode.VIEWS_ONLY) {
			return viewsOnly("buckethead.datasource.mode is views-only");
		}
		if (applicationDataSource) {
			return viewsOnly(APPLICATION_BEAN);
		}
		if (mode == DataSourceMode.PRIMARY) {
			return new DataSourceRole(true, "buckethead.datasource.mode is primary");
		}
		return urlSet ? viewsOnly("spring.datasource.url is set")
				: new DataSourceRole(true, "no spring.datasource.url and no DataSource bean of the application's");
	}

	private static DataSourceRole viewsOnly(String reason) {
		return new DataSourceRole(false, reason);
	}

}
