package dev.buckethead.testapp;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * A book on the shelf: an id the database generates, a unique ISBN, and a version for optimistic locking.
 *
 * @param id the generated id, null until saved
 * @param title the title
 * @param author the author
 * @param isbn the ISBN, unique on the shelf
 * @param pages the page count, positive
 * @param version the optimistic-locking version, null until saved
 */
public record Book(@Id @Nullable Long id, String title, String author, String isbn, int pages,
		@Version @Nullable Long version) {

	/** A new book, not saved yet. */
	public static Book of(String title, String author, String isbn, int pages) {
		return new Book(null, title, author, isbn, pages, null);
	}

	/** This book with another title, same id and version (a save then checks the version). */
	public Book withTitle(String title) {
		return new Book(this.id, title, this.author, this.isbn, this.pages, this.version);
	}

}
