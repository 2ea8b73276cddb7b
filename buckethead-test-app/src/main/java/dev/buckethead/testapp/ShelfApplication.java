package dev.buckethead.testapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A bookshelf: what a user writes with the BucketHead starter, Flyway and Spring Data JDBC. */
@SpringBootApplication
public class ShelfApplication {

	public static void main(String[] args) {
		SpringApplication.run(ShelfApplication.class, args);
	}

}
