package dev.buckethead.autoconfigure.data.jdbc;

import org.springframework.data.annotation.Id;

/** An aggregate with nothing but its id: inserted with DEFAULT VALUES. */
class Ticket {

	@Id
	Long id;

}
