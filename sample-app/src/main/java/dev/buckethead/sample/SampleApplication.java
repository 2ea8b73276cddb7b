package dev.buckethead.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small web application on BucketHead: notes in a Flyway-managed table, key-value entries, branches and a
 * manual flush, all over HTTP. Its database lives in memory and survives restarts through snapshots.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
