package dev.buckethead.testapp;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.ListPagingAndSortingRepository;

/** The shelf's books: CRUD, paging and sorting, and derived queries. */
public interface BookRepository extends ListCrudRepository<Book, Long>, ListPagingAndSortingRepository<Book, Long> {

	List<Book> findByAuthorOrderByTitleAsc(String author);

	Page<Book> findByAuthor(String author, Pageable pageable);

	Optional<Book> findByIsbn(String isbn);

	long countByPagesGreaterThan(int pages);

}
