package dev.buckethead.replica;

import dev.buckethead.BucketHeadException;

/**
 * A write reached a read replica. Replicas serve the branch's writer's data and never change it: send writes to
 * the writer (the process running the branch with {@code buckethead.mode=writer}), or promote this replica.
 */
public class ReplicaReadOnlyException extends BucketHeadException {

	private final String branch;

	public ReplicaReadOnlyException(String branch, String statement, Throwable cause) {
		super("This database is a read replica of branch '" + branch + "' and refuses writes (" + statement
				+ "): send writes to the branch's writer, or promote this replica (BucketReplica.promote())", cause);
		this.branch = branch;
	}

	/** The branch whose writer takes writes. */
	public String branch() {
		return branch;
	}

}
