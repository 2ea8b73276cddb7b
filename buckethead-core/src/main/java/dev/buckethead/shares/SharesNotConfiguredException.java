package dev.buckethead.shares;

/**
 * Sharing was asked for but no share bucket is configured. As in the original library, sharing is opt-in per
 * project: the message says how to configure a share bucket.
 */
public class SharesNotConfiguredException extends ShareException {

	public SharesNotConfiguredException() {
		super("No share bucket is configured, so files cannot be shared. Provision one (CLI: buckethead provision "
				+ "share-bucket --project <name>, or ShareBuckets.provision(...)), then set "
				+ ShareEnvironment.BUCKET + " (and " + ShareEnvironment.PUBLIC_BASE_URL
				+ " if the bucket is public-read) or pass a ShareConfig. The share bucket uses the main bucket's "
				+ "endpoint and credentials unless " + ShareEnvironment.ENDPOINT_URL + ", "
				+ ShareEnvironment.ACCESS_KEY_ID + " and " + ShareEnvironment.SECRET_ACCESS_KEY + " say otherwise.");
	}

}
