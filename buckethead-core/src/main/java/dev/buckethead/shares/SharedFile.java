package dev.buckethead.shares;

import java.time.Instant;

/**
 * A copy in the share bucket.
 *
 * @param key the FileStore key it is a copy of
 * @param objectKey its key in the share bucket
 * @param size its length in bytes
 * @param sharedAt when it was copied there
 */
public record SharedFile(String key, String objectKey, long size, Instant sharedAt) {
}
