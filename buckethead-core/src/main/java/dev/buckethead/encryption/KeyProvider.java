package dev.buckethead.encryption;

/**
 * Where the encryption keys come from: the configuration ({@link KeyRing}, itself a provider), or an integration
 * with a key management service (AWS KMS, Vault) that unwraps the keys. Asked once per start.
 */
@FunctionalInterface
public interface KeyProvider {

	/** The keys: the primary one encrypts new objects, every one decrypts objects sealed with it. */
	KeyRing keyRing();

}
