package dev.buckethead.autoconfigure.data.jdbc;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/** An aggregate with a generated id, an optimistic-locking version, and a unique title. */
class Book {

	@Id
	Long id;

	@Version
	Long version;

	String title;

	String author;

	Integer year;

	Book() {
	}

	Book(String title, String author, Integer year) {
		this.title = title;
		this.author = author;
		this.year = year;
	}

	@Override
	public String toString() {
		return this.title;
	}

}
