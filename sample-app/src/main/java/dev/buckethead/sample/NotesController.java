package dev.buckethead.sample;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Notes in the {@code note} table (created by {@code V1__notes.sql}), with plain SQL. */
@RestController
@RequestMapping("/notes")
class NotesController {

	private final JdbcClient jdbc;

	NotesController(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping
	List<Note> list() {
		return this.jdbc.sql("SELECT id, body, created_at FROM note ORDER BY id").query(Note.class).list();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Note add(@RequestBody NewNote note) {
		if (note.body() == null || note.body().isBlank()) {
			throw new IllegalArgumentException("A note needs a non-blank \"body\", e.g. {\"body\": \"hello\"}");
		}
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO note (body) VALUES (?)").param(note.body()).update(key);
		return this.jdbc.sql("SELECT id, body, created_at FROM note WHERE id = ?")
			.param(key.getKey().longValue())
			.query(Note.class)
			.single();
	}

	record NewNote(String body) {
	}

	record Note(long id, String body, String createdAt) {
	}

}
