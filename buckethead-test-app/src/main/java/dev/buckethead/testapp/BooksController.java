package dev.buckethead.testapp;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /books}: list (by author, paged and sorted) and add. */
@RestController
@RequestMapping("/books")
class BooksController {

	private final BookRepository books;

	BooksController(BookRepository books) {
		this.books = books;
	}

	@GetMapping
	List<Book> list(@RequestParam(required = false) @Nullable String author, Pageable pageable) {
		return (author != null) ? this.books.findByAuthor(author, pageable).getContent()
				: this.books.findAll(pageable).getContent();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Book add(@RequestBody Book book) {
		return this.books.save(Book.of(book.title(), book.author(), book.isbn(), book.pages()));
	}

	/** The translated UNIQUE constraint: another book has this ISBN. */
	@ExceptionHandler
	ProblemDetail duplicate(DuplicateKeyException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "A book with this ISBN is on the shelf already");
	}

}
