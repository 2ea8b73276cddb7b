package dev.buckethead.encryption;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The primary key, which seals every new object, and older keys that still open objects sealed with them (after
 * a rotation, until {@code buckethead encryption rotate} has re-sealed everything). Looked up by key id.
 */
public final class KeyRing implements KeyProvider {

	private final EncryptionKey primary;

	private final Map<String, EncryptionKey> byId;

	private KeyRing(EncryptionKey primary, List<EncryptionKey> older) {
		this.primary = primary;
		Map<String, EncryptionKey> keys = new LinkedHashMap<>();
		keys.put(primary.id(), primary);
		older.forEach((key) -> keys.putIfAbsent(key.id(), key));
		this.byId = Collections.unmodifiableMap(keys);
	}

	/** A ring whose {@code primary} encrypts, and which also decrypts with each of {@code older}. */
	public static KeyRing of(EncryptionKey primary, EncryptionKey... older) {
		return new KeyRing(primary, Arrays.asList(older));
	}

	/** A ring whose {@code primary} encrypts, and which also decrypts with each of {@code older}. */
	public static KeyRing of(EncryptionKey primary, List<EncryptionKey> older) {
		return new KeyRing(primary, new ArrayList<>(older));
	}

	public EncryptionKey primary() {
		return primary;
	}

	public Optional<EncryptionKey> byId(String id) {
		return Optional.ofNullable(byId.get(id));
	}

	/** The ids of every key, primary first. Safe to print. */
	public List<String> ids() {
		return List.copyOf(byId.keySet());
	}

	@Override
	public KeyRing keyRing() {
		return this;
	}

	@Override
	public String toString() {
		return "KeyRing[primary=" + primary.id() + ", keys=" + ids() + "]";
	}

}
