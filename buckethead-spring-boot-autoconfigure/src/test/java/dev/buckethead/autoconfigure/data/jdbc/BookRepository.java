package dev.buckethead.autoconfigure.data.jdbc;

import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.CrudRepository;
import org.springframework.data.repository.PagingAndSortingRepository;

interface BookRepository extends CrudRepository<Book, Long>, PagingAndSortingRepository<Book, Long> {

	List<Book> findByAuthorOrderByYearAsc(String author);

	Page<Book> findByAuthor(String author, Pageable pageable);

	List<Book> findFirst2ByYearGreaterThanOrderByYearDesc(int year);

	long countByTitleStartingWith(String prefix);

}
