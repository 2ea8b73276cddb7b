package dev.buckethead.profiling;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The start-up restore, as a Java Flight Recorder event. */
@Name("dev.buckethead.Restore")
@Label("BucketHead Restore")
@Category({ "BucketHead" })
@Description("Restore of the live database from the bucket at start-up")
@StackTrace(false)
final class RestoreEvent extends Event {

	@Label("Branch")
	String branch;

	@Label("Generation")
	String generation;

	@Label("Source")
	String source;

	@Label("Outcome")
	String outcome;

	@Label("Bytes Downloaded")
	@DataAmount
	long bytesDownloaded;

}
