package dev.buckethead.autoconfigure.data.jdbc;

import org.springframework.data.repository.CrudRepository;

interface TicketRepository extends CrudRepository<Ticket, Long> {

}
