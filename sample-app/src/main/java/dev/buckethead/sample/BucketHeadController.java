package dev.buckethead.sample;

import java.util.List;
import java.util.Locale;

import dev.buckethead.BucketSQLite;
import dev.buckethead.autoconfigure.BucketHeadProperties;
import dev.buckethead.autoconfigure.FlushProblem;
import dev.buckethead.branch.Branches;
import dev.buckethead.snapshot.FlushResult;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** BucketHead itself over HTTP: branches and a manual flush. Only on the writer: a replica has neither. */
@RestController
@ConditionalOnProperty(name = "buckethead.mode", havingValue = "writer", matchIfMissing = true)
class BucketHeadController {

	private final BucketSQLite database;

	private final Branches branches;

	private final BucketHeadProperties properties;

	BucketHeadController(BucketSQLite database, Branches branches, BucketHeadProperties properties) {
		this.database = database;
		this.branches = branches;
		this.properties = properties;
	}

	@GetMapping("/branches")
	BranchList branches() {
		return new BranchList(this.branches.current(), this.branches.list());
	}

	/** Creates a branch at the current state; the current branch stays current. */
	@PostMapping("/branches/{name}")
	@ResponseStatus(HttpStatus.CREATED)
	BranchList createBranch(@PathVariable String name) {
		this.branches.create(name);
		return branches();
	}

	/** Flushes the current branch, then loads {@code name} into the live database. */
	@PostMapping("/branches/{name}/switch")
	BranchList switchBranch(@PathVariable String name) {
		this.branches.switchTo(name);
		return branches();
	}

	/**
	 * Flushes now, for a write that must not wait for the timer; skipped when nothing changed. A failed flush is a
	 * 503 problem detail saying why and how many flushes failed in a row: the changes are still in the database.
	 */
	@PostMapping("/flush")
	Flushed flush() {
		FlushResult result;
		try {
			result = this.database.forceFlush();
		}
		catch (RuntimeException ex) {
			throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
					problemDetail(FlushProblem.of(ex, this.database, this.properties)), ex);
		}
		// Lower case, as the buckethead endpoint and the metrics' tags write outcomes.
		return new Flushed(result.outcome().name().toLowerCase(Locale.ROOT), result.branch(), result.generation(), result.bytesUploaded());
	}

	private static ProblemDetail problemDetail(FlushProblem problem) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(problem.status()), problem.detail());
		detail.setType(problem.type());
		detail.setTitle(problem.title());
		problem.properties().forEach(detail::setProperty);
		return detail;
	}

	record BranchList(String current, List<String> branches) {
	}

	record Flushed(String outcome, String branch, String generation, long bytesUploaded) {
	}

}
