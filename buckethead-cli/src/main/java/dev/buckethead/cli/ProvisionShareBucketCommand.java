package dev.buckethead.cli;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.buckethead.bucket.BucketConfig;
import dev.buckethead.shares.ProvisionedShareBucket;
import dev.buckethead.shares.ShareBuckets;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Creates a project's share bucket (the separate bucket shared files are copied to) on the configured endpoint,
 * with the configured credentials, through the library's {@link ShareBuckets}, and prints the configuration
 * that names it.
 */
@Command(name = "share-bucket", description = "Create a project's share bucket and print its configuration.")
final class ProvisionShareBucketCommand extends CliCommand {

	private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9-]{0,54}");

	@Option(names = "--project", required = true, paramLabel = "NAME",
			description = "The project (lowercase letters, digits, '-').")
	String project;

	@Option(names = "--bucket-name", paramLabel = "NAME", description = "The bucket to create (default: <project>-share).")
	@Nullable String bucketName;

	@Option(names = "--public-read", description = "Let anyone read shared objects (links without expiry).")
	boolean publicRead;

	/**
	 * @param created false when the bucket was already there and ours
	 * @param publicAccess how public reads were enabled, if asked for
	 * @param config the lines to add to the configuration file
	 * @param notes what the server did not support, and what is left to do by hand
	 */
	record Result(String project, String bucket, String location, boolean created, String publicAccess, String config,
			List<String> notes) {
	}

	@Override
	public Integer call() {
		if (!PROJECT.matcher(project).matches()) {
			throw new ParameterException(spec.commandLine(), "--project '" + project
					+ "' is invalid: use lowercase letters, digits and '-', starting with a letter or digit");
		}
		if (options().localDirectory != null) {
			throw new ParameterException(spec.commandLine(), "--local-directory has no buckets to create; "
					+ "provision needs an S3 endpoint");
		}
		Output output = output();
		String name = bucketName != null ? bucketName : ShareBuckets.bucketNameFor(project);
		BucketConfig config = CommandLineSettings
			.resolve(options(), environment(), Map.of(CommandLineSettings.BUCKET_NAME, name), output)
			.toBucketConfig();
		ProvisionedShareBucket provisioned = ShareBuckets.provisionBucket(config, publicRead);
		StringBuilder toml = new StringBuilder("[env]\n");
		provisioned.environment().forEach((key, value) -> toml.append(key).append(" = \"").append(value).append("\"\n"));
		Result result = new Result(project, name, config.describe(), provisioned.created(),
				provisioned.publicAccess().name().toLowerCase(java.util.Locale.ROOT), toml.toString(),
				provisioned.notes());
		output.result(result, (done) -> {
			output.line((done.created() ? "Created " : "Already there: ") + done.location());
			output.line("");
			output.line("Add to " + environment().defaultConfigFile() + " (or set these variables):");
			output.line("");
			output.line(done.config());
			if (!done.notes().isEmpty()) {
				output.line("Notes:");
				done.notes().forEach((item) -> output.line("  - " + item));
			}
		});
		return BucketHeadCli.OK;
	}

}
