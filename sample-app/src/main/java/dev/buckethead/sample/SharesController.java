package dev.buckethead.sample;

import java.time.Duration;
import java.time.Instant;

import dev.buckethead.shares.ShareResult;
import dev.buckethead.shares.Shares;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Share links for stored files. The {@link Shares} bean exists only with a share bucket
 * ({@code buckethead.shares.bucket}); without one, sharing answers 503 with how to configure it (see
 * {@link CallerErrorHandler}).
 */
@RestController
class SharesController {

	private final ObjectProvider<Shares> shares;

	SharesController(ObjectProvider<Shares> shares) {
		this.shares = shares;
	}

	/**
	 * Copies the file to the share bucket and answers its link: presigned for {@code lifetime} (ISO-8601 such as
	 * {@code PT1H}, or {@code 1h}; default {@code buckethead.shares.default-lifetime}), or the public URL, without
	 * {@code expiresAt}, on a public-read share bucket.
	 */
	@PostMapping("/files/{key}/share")
	ShareLink share(@PathVariable String key, @RequestParam(required = false) @Nullable Duration lifetime) {
		Shares shares = shares();
		ShareResult result = (lifetime != null) ? shares.share(key, lifetime) : shares.share(key);
		return new ShareLink(result.url(), result.expiresAt());
	}

	/** Deletes the shared copy, so that its links stop working. */
	@DeleteMapping("/files/{key}/share")
	ResponseEntity<Void> unshare(@PathVariable String key) {
		return shares().unshare(key) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

	private Shares shares() {
		Shares shares = this.shares.getIfAvailable();
		if (shares == null) {
			throw Shares.notConfigured();
		}
		return shares;
	}

	/** A share link; {@code expiresAt} is null for a public link, which works until unshared. */
	record ShareLink(String url, @Nullable Instant expiresAt) {
	}

}
