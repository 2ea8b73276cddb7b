package dev.buckethead.cli;

/** A command on the snapshots in the configured bucket; the session is opened before and closed after it runs. */
abstract class SessionCommand extends CliCommand {

	@Override
	public final Integer call() throws Exception {
		Output output = output();
		try (Session session = Session.open(options(), environment(), output)) {
			run(session, output);
		}
		return BucketHeadCli.OK;
	}

	abstract void run(Session session, Output output) throws Exception;

}
