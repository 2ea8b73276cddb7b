package dev.buckethead.profiling;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One flush, as a Java Flight Recorder event. */
@Name("dev.buckethead.Flush")
@Label("BucketHead Flush")
@Category({ "BucketHead" })
@Description("A snapshot flush of the live database to the bucket")
@StackTrace(false)
final class FlushEvent extends Event {

	@Label("Trigger")
	String trigger;

	@Label("Outcome")
	String outcome;

	@Label("Branch")
	String branch;

	@Label("Generation")
	String generation;

	@Label("Bytes Uploaded")
	@DataAmount
	long bytesUploaded;

	@Label("Chunks Uploaded")
	int chunksUploaded;

	@Label("Chunks Reused")
	int chunksReused;

	@Label("Database Size")
	@DataAmount
	long databaseSize;

}
