package dev.buckethead.snapshot;

/**
 * What a decoded, verified part of a page delta said about itself.
 *
 * @param pageSize the database page size
 * @param pageCount the database size in pages after the whole delta
 * @param partIndex this part's position, from 0
 * @param partCount how many parts the delta has
 * @param pages how many pages this part carried
 * @param lastPage the highest page number in this part, 0 when it carried none
 * @param sha256 the part's hash, which the next part names as its predecessor
 */
public record PageDeltaPart(int pageSize, long pageCount, int partIndex, int partCount, int pages, int lastPage,
		byte[] sha256) {

	/** Whether this is the last part of its delta. */
	public boolean isLast() {
		return partIndex == partCount - 1;
	}

}
