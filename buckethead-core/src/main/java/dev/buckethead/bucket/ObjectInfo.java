package dev.buckethead.bucket;

import java.time.Instant;

/**
 * What a bucket says about an object without reading it.
 *
 * @param key the object's key
 * @param size its length in bytes
 * @param etag its ETag
 * @param lastModified when it was last written
 */
public record ObjectInfo(String key, long size, String etag, Instant lastModified) {
}
