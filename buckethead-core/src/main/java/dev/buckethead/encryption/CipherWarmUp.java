package dev.buckethead.encryption;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets the JDK's AES-GCM onto its compiled, hardware-assisted code before the first large restore or flush needs
 * it, once per JVM, on a daemon thread.
 * <p>
 * Why: HotSpot uses the AES and GHASH instructions only from methods its optimising compiler (C2) has compiled,
 * and it compiles a method after some thousands of calls (more while its queue is long, as at start-up). A 64 KiB
 * segment is one call, so a fresh JVM opened the first 150-250 MB of a restore in Java code without them
 * (interpreted or C1) at ~60 MB/s: measured on the 2-core benchmark machine, the first 500 MB took 2.8 s
 * instead of 0.1 s warm, and a fresh JVM's restore of 500 MB cost 1.65-1.9x the CPU of a plain one. Sealing and opening {@link #ROUNDS} small segments
 * (0.1-0.3 s of CPU, once per JVM, on its own thread while a start waits for its first GETs) brings those methods
 * to the compiler's thresholds with calls that cost almost nothing. The key is random and thrown away; nothing it
 * seals leaves this class.
 */
final class CipherWarmUp {

	/** Seals and opens of one small segment each: past HotSpot's default thresholds for compiling a caller (5000). */
	static final int ROUNDS = 8000;

	private static final int SEGMENT = 256;

	private static final AtomicBoolean STARTED = new AtomicBoolean();

	private CipherWarmUp() {
	}

	/** Starts the warm-up unless this JVM started it before; returns at once. */
	static void startOnce() {
		if (STARTED.compareAndSet(false, true)) {
			Thread thread = new Thread(CipherWarmUp::run, "buckethead-aes-gcm-warm-up");
			thread.setDaemon(true);
			thread.setPriority(Thread.MIN_PRIORITY);
			thread.start();
		}
	}

	/**
	 * Opens {@link #ROUNDS} segments, then seals as many, under a throwaway key: opening first, as a start restores
	 * before it flushes. Package-private for its test.
	 */
	static void run() {
		SecureRandom random = new SecureRandom();
		byte[] key = new byte[EncryptionKey.LENGTH];
		random.nextBytes(key);
		ObjectCipher cipher = ObjectCipher.forNewObject("warm-up", EncryptionKey.of(key), random);
		byte[] plain = new byte[SEGMENT];
		byte[] sealed = new byte[SEGMENT + SealedFormat.TAG];
		byte[] opened = new byte[SEGMENT];
		cipher.seal(0, false, plain, 0, SEGMENT, sealed, 0);
		for (int i = 0; i < ROUNDS; i++) {
			cipher.open(0, false, sealed, 0, sealed.length, opened, 0);
		}
		for (int i = 1; i <= ROUNDS; i++) {
			// A new segment index for each seal: GCM refuses to seal twice with one nonce.
			cipher.seal(i, false, plain, 0, SEGMENT, sealed, 0);
		}
	}

}
