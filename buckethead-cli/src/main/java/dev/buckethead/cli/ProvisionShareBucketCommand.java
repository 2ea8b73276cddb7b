package dev.buckethead.cli;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.buckethead.bucket.BucketConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Creates a project's share bucket (the separate bucket shared files are copied to) on the configured endpoint,
 * with the configured credentials, and prints the configuration that names it. Only the bucket: sharing itself
 * is a feature still to come, and so are its public-read policy and custom domain.
 */
@Command(name = "share-bucket", description = "Create a project's share bucket and print its configuration.")
final class ProvisionShareBucketCommand extends CliCommand {

	private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9-]{0,54}");

	static final List<String> NOT_DONE = List.of(
			"no public-read policy or custom domain is set on the bucket (set one to serve public links)",
			"sharing files (the shares view) is not in the Java library yet; this only prepares the bucket");

	@Option(names = "--project", required = true, paramLabel = "NAME",
			description = "The project (lowercase letters, digits, '-').")
	String project;

	@Option(names = "--bucket-name", paramLabel = "NAME", description = "The bucket to create (default: <project>-share).")
	@Nullable String bucketName;

	/**
	 * @param created false when the bucket was already there and ours
	 * @param config the lines to add to the configuration file
	 * @param notDone what provisioning does not do yet
	 */
	record Result(String project, String bucket, String location, boolean created, String config,
			List<String> notDone) {
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
		String name = bucketName != null ? bucketName : project + "-share";
		BucketConfig config = CommandLineSettings
			.resolve(options(), environment(), Map.of(CommandLineSettings.BUCKET_NAME, name), output)
			.toBucketConfig();
		boolean created = BucketCreator.create(config);
		String toml = "[projects." + project + "]\nshare_bucket = \"" + name + "\"\n";
		Result result = new Result(project, name, config.describe(), created, toml, NOT_DONE);
		output.result(result, (done) -> {
			output.line((done.created() ? "Created " : "Already there: ") + done.location());
			output.line("");
			output.line("Add to " + environment().defaultConfigFile() + ":");
			output.line("");
			output.line(done.config());
			output.line("Not done yet:");
			done.notDone().forEach((item) -> output.line("  - " + item));
		});
		return BucketHeadCli.OK;
	}

}
