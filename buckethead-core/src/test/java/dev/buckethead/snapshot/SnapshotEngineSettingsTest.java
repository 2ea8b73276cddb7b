package dev.buckethead.snapshot;

import dev.buckethead.encryption.KeyProvider;
import dev.buckethead.encryption.KeyRing;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the engine's settings show of themselves. */
class SnapshotEngineSettingsTest {

	/** A key service's client as a user may write it: a record, whose own toString shows its token. */
	private record VaultKeys(String token) implements KeyProvider {

		@Override
		public KeyRing keyRing() {
			throw new UnsupportedOperationException("not asked in this test");
		}

	}

	@Test
	void theSettingsNameWhetherTheKeyIsEncryptedNeverTheProvidersSecrets() {
		SnapshotEngine.Settings encrypted = SnapshotEngine.Settings.of("app.db", 3, new VaultKeys("s.hunter2-token"));
		assertThat(encrypted.toString()).doesNotContain("hunter2").contains("encryption=configured").contains("app.db");
		assertThat(SnapshotEngine.Settings.of("app.db", 3, null).toString()).contains("encryption=none");
	}

}
