package dev.buckethead.snapshot;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

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

	private final Path directory;

	/** @param scratch where the session's own directory of copies is made */
	StepSpool(Path scratch) {
		this.directory = scratch.resolve("steps-" + UUID.randomUUID());
	}

	/** Keeps a copy of a step this process claimed; a failure to write it is logged, and the bucket serves it. */
	void put(SuccessorClaim claim, byte[] firstPart) {
		if (!SAFE.matcher(claim.lineage()).matches()) {
			return;
		}
		try {
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

	/** Drops every copy and the directory. */
	void clear() {
		forEach((file, fileLineage, fileSequence) -> deleteQuietly(file));
		deleteQuietly(directory);
	}

	private interface Entry {

		void accept(Path file, String lineage, long sequence);

	}

	private void forEach(Entry entry) {
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
