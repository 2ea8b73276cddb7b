package dev.buckethead.snapshot;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.buckethead.live.ProcessLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delta steps this session claimed, kept as files in its scratch directory, so that a background compaction
 * reads the chain from disk instead of the bucket. Without it a compaction GETs every step of the chain again: a
 * trickle at one step a second would make as many GETs an hour as PUTs.
 * <p>
 * Why a copy is the bucket's object: a step is created once, with If-None-Match, and never rewritten, so the
 * bytes this process sent in a claim that succeeded are the step's. A step not here (claimed before this session
 * started, or whose claim's answer was lost) is read from the bucket; so is one whose copy is gone or does not
 * decode (the copy is dropped). Every part is still verified when it is applied. Copies are kept only for the
 * current chain: dropped once a base covers them, all of them at close.
 */
final class StepSpool {

	private static final Logger log = LoggerFactory.getLogger(StepSpool.class);

	/** Lineages are random ids; anything else is not spooled, so a name never escapes the directory. */
	private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	/** A spool directory's name starts with this. */
	private static final String PREFIX = "steps-";

	/** Next to each spool directory, the file its owner holds a lock on while the spool is in use. */
	private static final String LOCK = ".lock";

	private final Path directory;

	private final Path lockFile;

	/** The lock on {@link #lockFile}, taken before the directory is made; null until the first copy. */
	private @Nullable ProcessLock owner;

	/**
	 * Deletes the spool directories in {@code scratch} that no process holds any more: a process that died left
	 * them, in a directory that is usually RAM-backed.
	 * @param scratch where the session's own directory of copies is made
	 */
	StepSpool(Path scratch) {
		String name = PREFIX + UUID.randomUUID();
		this.directory = scratch.resolve(name);
		this.lockFile = scratch.resolve(name + LOCK);
		sweepLeftovers(scratch);
	}

	/** Keeps a copy of a step this process claimed; a failure to write it is logged, and the bucket serves it. */
	void put(SuccessorClaim claim, byte[] firstPart) {
		if (!SAFE.matcher(claim.lineage()).matches()) {
			return;
		}
		try {
			if (owner == null) {
				// Locked before the directory exists, so that a sweep never takes a live spool for a leftover.
				Files.createDirectories(lockFile.getParent());
				if (Files.notExists(lockFile)) {
					Files.createFile(lockFile);
				}
				owner = ProcessLock.tryLock(lockFile)
					.orElseThrow(() -> new IOException("cannot lock the new file " + lockFile));
			}
			Files.createDirectories(directory);
			Path file = file(claim.lineage(), claim.sequence());
			Path partial = directory.resolve(file.getFileName() + ".partial");
			Files.write(partial, DeltaStepCodec.encode(claim, firstPart, firstPart.length));
			Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			log.debug("Step {} of lineage {} is not kept locally ({}); a compaction reads it from the bucket",
					claim.sequence(), claim.lineage(), ex.toString());
		}
	}

	/**
	 * The copy of step {@code sequence} of {@code branch}'s {@code lineage}, when this session claimed it and still
	 * keeps it. A copy is taken only when its header names that very step: files are named by lineage and step,
	 * so a copy of another branch's step (a lineage id is random, but nothing else makes it a branch's own) is
	 * never served for this one.
	 */
	Optional<SnapshotStore.Step> get(String branch, String lineage, long sequence, String key) {
		if (!SAFE.matcher(lineage).matches()) {
			return Optional.empty();
		}
		Path file = file(lineage, sequence);
		try {
			DeltaStepCodec.Decoded decoded = DeltaStepCodec.decode(Files.readAllBytes(file), key);
			SuccessorClaim claim = decoded.claim();
			if (!claim.branch().equals(branch) || !claim.lineage().equals(lineage) || claim.sequence() != sequence) {
				log.debug("The local copy for step {} is of step {} of branch '{}'; it is read from the bucket", key,
						claim.sequence(), claim.branch());
				return Optional.empty();
			}
			return Optional.of(new SnapshotStore.Step(claim, decoded));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException | CorruptSnapshotException ex) {
			log.warn("The local copy of step {} is unreadable ({}); it is read from the bucket", key, ex.toString());
			deleteQuietly(file);
			return Optional.empty();
		}
	}

	/** Drops the copies a base at {@code sequence} of {@code lineage} covers, and those of every other lineage. */
	void dropThrough(String lineage, long sequence) {
		forEach((file, fileLineage, fileSequence) -> {
			if (!fileLineage.equals(lineage) || fileSequence <= sequence) {
				deleteQuietly(file);
			}
		});
	}

	/** Drops every copy, the directory and its lock. */
	void clear() {
		clear(directory);
		ProcessLock lock = owner;
		owner = null;
		deleteQuietly(lockFile);
		if (lock != null) {
			lock.close();
		}
	}

	private static void clear(Path directory) {
		forEach(directory, (file, fileLineage, fileSequence) -> deleteQuietly(file));
		deleteQuietly(directory);
	}

	/**
	 * Deletes each spool directory whose lock no process holds (its owner died; a spool in use holds its lock
	 * from before its directory was made until after it was deleted).
	 */
	private static void sweepLeftovers(Path scratch) {
		if (!Files.isDirectory(scratch)) {
			return;
		}
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(scratch, PREFIX + "*")) {
			for (Path entry : entries) {
				Path lock = entry.resolveSibling(entry.getFileName() + LOCK);
				if (Files.isDirectory(entry) && Files.exists(lock)) {
					sweepIfDead(entry, lock);
				}
			}
		}
		catch (IOException ex) {
			log.debug("Cannot look for leftover step copies in {}: {}", scratch, ex.toString());
		}
	}

	private static void sweepIfDead(Path directory, Path lock) {
		try {
			Optional<ProcessLock> taken = ProcessLock.tryLock(lock);
			if (taken.isEmpty()) {
				return;
			}
			try (ProcessLock dead = taken.get()) {
				log.info("Deleting the step copies {} left by a process that ended without closing its database",
						directory);
				clear(directory);
				deleteQuietly(lock);
			}
		}
		catch (IOException ex) {
			log.debug("Cannot check the step copies {}: {}", directory, ex.toString());
		}
	}

	private interface Entry {

		void accept(Path file, String lineage, long sequence);

	}

	private void forEach(Entry entry) {
		forEach(directory, entry);
	}

	private static void forEach(Path directory, Entry entry) {
		if (!Files.isDirectory(directory)) {
			return;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
			for (Path file : files) {
				String name = file.getFileName().toString();
				int dash = name.lastIndexOf('-');
				long sequence = parse(dash < 0 || !name.endsWith(".step") ? null
						: name.substring(dash + 1, name.length() - ".step".length()));
				if (sequence < 0) {
					deleteQuietly(file);
				}
				else {
					entry.accept(file, name.substring(0, dash), sequence);
				}
			}
		}
		catch (IOException ex) {
			log.debug("Cannot list the local step copies in {}: {}", directory, ex.toString());
		}
	}

	private static long parse(@Nullable String number) {
		try {
			return number == null ? -1 : Long.parseLong(number);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private Path file(String lineage, long sequence) {
		return directory.resolve(lineage + "-" + sequence + ".step");
	}

	private static void deleteQuietly(Path path) {
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException ex) {
			log.debug("Cannot delete {}: {}", path, ex.toString());
		}
	}

}
