package dev.buckethead.shares;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A shared file's link.
 *
 * @param key the FileStore key that was shared
 * @param objectKey the copy's key in the share bucket
 * @param url the link to hand out
 * @param expiresAt when a presigned link stops working; null for a public link, which works until
 * {@link Shares#unshare(String) unshared}
 * @param isPublic whether the link is a public URL on a public-read bucket rather than a presigned one
 */
public record ShareResult(String key, String objectKey, String url, @Nullable Instant expiresAt, boolean isPublic) {
}
