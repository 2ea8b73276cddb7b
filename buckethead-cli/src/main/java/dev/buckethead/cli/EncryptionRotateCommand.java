package dev.buckethead.cli;

import java.util.List;

import dev.buckethead.encryption.EncryptingBucketClient;
import dev.buckethead.encryption.KeyRotation;
import dev.buckethead.files.FileStoreOptions;
import dev.buckethead.snapshot.SnapshotLayout;
import picocli.CommandLine.Command;

/**
 * Re-seals with the primary key (BUCKETHEAD_ENCRYPTION__KEY) everything an old key (BUCKETHEAD_ENCRYPTION__OLD_KEYS)
 * sealed: every generation of every branch, the claims, heads and FileStore blobs, and the marker. Afterwards the
 * old keys can leave the configuration. Run it once every writer uses the new primary key; run it again to resume
 * one that stopped.
 */
@Command(name = "rotate",
		description = "Re-encrypt every object an old key sealed with the primary key, so old keys can be dropped.")
final class EncryptionRotateCommand extends SessionCommand {

	/** What the rotation did, and the key everything is now sealed with. */
	record Result(String primaryKeyId, List<String> ring, int resealed, int current, int changed) {
	}

	@Override
	void run(Session session, Output output) {
		if (!(session.snapshots().bucket() instanceof EncryptingBucketClient sealed)) {
			throw new CommandException("Snapshot key '" + session.snapshotKey() + "' is not encrypted: nothing to "
					+ "rotate (set BUCKETHEAD_ENCRYPTION__KEY to the new key and BUCKETHEAD_ENCRYPTION__OLD_KEYS to the "
					+ "old ones for an encrypted one)");
		}
		SnapshotLayout layout = session.repository().layout();
		KeyRotation.Report report = KeyRotation.rotate(sealed,
				List.of(layout.root(), FileStoreOptions.DEFAULT_OBJECT_PREFIX), layout.encryptionMarkerKey());
		output.result(new Result(sealed.keyRing().primary().id(), sealed.keyRing().ids(), report.resealed(),
				report.current(), report.changed()), (result) -> {
					output.line("Re-encrypted " + result.resealed() + " objects with key " + result.primaryKeyId() + " ("
							+ result.current() + " already were)");
					if (result.changed() > 0) {
						output.line(result.changed() + " objects changed while re-encrypting; run the command again");
					}
				});
	}

}
