package dev.buckethead.bucket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CountingBucketClientTest {

	@TempDir
	Path temp;

	private CountingBucketClient client;

	@BeforeEach
	void createClient() {
		client = new CountingBucketClient(new LocalDirectoryBucketClient(temp.resolve("bucket")));
	}

	@AfterEach
	void closeClient() {
		client.close();
	}

	@Test
	void startsAtZero() {
		assertThat(client.counters()).isEqualTo(IoCounters.ZERO);
		assertThat(client.counters().totalRequests()).isZero();
	}

	@Test
	void countsEachKindOfCallAndTheBytesMoved() {
		client.put("a", new byte[10]);
		client.put("b", new byte[5], WriteCondition.ifAbsent());
		client.get("a");
		client.get("missing");
		client.head("a");
		client.list("");
		client.delete("b");

		IoCounters counters = client.counters();
		assertThat(counters).isEqualTo(new IoCounters(2, 1, 2, 1, 1, 10, 15));
		assertThat(counters.requests(IoCounters.Kind.GET)).isEqualTo(2);
		assertThat(counters.requests(IoCounters.Kind.HEAD)).isEqualTo(1);
		assertThat(counters.requests(IoCounters.Kind.PUT)).isEqualTo(2);
		assertThat(counters.requests(IoCounters.Kind.DELETE)).isEqualTo(1);
		assertThat(counters.requests(IoCounters.Kind.LIST)).isEqualTo(1);
		assertThat(counters.totalRequests()).isEqualTo(7);
	}

	@Test
	void streamsCountOnlyTheBytesRead() throws IOException {
		client.put("a", new byte[100]);
		IoCounters before = client.counters();
		try (InputStream in = client.openStream("a").orElseThrow()) {
			assertThat(in.readNBytes(30)).hasSize(30);
			assertThat(client.counters().minus(before).bytesIn()).isEqualTo(30);
			assertThat(in.read()).isZero();
		}
		IoCounters used = client.counters().minus(before);
		assertThat(used.gets()).isEqualTo(1);
		assertThat(used.bytesIn()).isEqualTo(31);
		assertThat(client.openStream("missing")).isEmpty();
		assertThat(client.counters().minus(before).gets()).isEqualTo(2);
	}

	@Test
	void aRangedReadIsOneGetCountingTheBytesOfTheRange() throws IOException {
		client.put("a", new byte[100]);
		IoCounters before = client.counters();
		try (InputStream in = client.openStream("a", 40, 50).orElseThrow()) {
			assertThat(in.readAllBytes()).hasSize(50);
		}
		IoCounters used = client.counters().minus(before);
		assertThat(used.gets()).isEqualTo(1);
		assertThat(used.bytesIn()).isEqualTo(50);
	}

	@Test
	void putFileCountsTheFileSize() throws IOException {
		Path file = Files.write(temp.resolve("file"), new byte[1234]);
		client.putFile("f", file);
		assertThat(client.counters().bytesOut()).isEqualTo(1234);
		assertThat(client.counters().puts()).isEqualTo(1);
	}

	@Test
	void aRefusedWriteCountsTheRequestButNoBytes() {
		client.put("head", new byte[3], WriteCondition.ifAbsent());
		assertThatExceptionOfType(PreconditionFailedException.class)
			.isThrownBy(() -> client.put("head", new byte[7], WriteCondition.ifAbsent()));
		assertThat(client.counters().puts()).isEqualTo(2);
		assertThat(client.counters().bytesOut()).isEqualTo(3);
	}

	@Test
	void resetStartsAgainFromZero() {
		client.put("a", new byte[10]);
		client.get("a");
		client.reset();
		assertThat(client.counters()).isEqualTo(IoCounters.ZERO);
		client.head("a");
		assertThat(client.counters()).isEqualTo(new IoCounters(0, 1, 0, 0, 0, 0, 0));
	}

	@Test
	void snapshotsAreUnaffectedByLaterCalls() {
		IoCounters snapshot = client.counters();
		client.put("a", new byte[10]);
		assertThat(snapshot).isEqualTo(IoCounters.ZERO);
	}

	@Test
	void toJsonSummarisesEveryCounter() {
		assertThat(new IoCounters(1, 2, 3, 4, 5, 60, 70).toJson()).isEqualTo(
				"{\"requests\":15,\"get\":1,\"head\":2,\"put\":3,\"delete\":4,\"list\":5,\"bytesIn\":60,\"bytesOut\":70}");
	}

	@Test
	void countsAreExactUnderConcurrentUse() throws Exception {
		client.put("a", new byte[4]);
		client.reset();
		int threads = 8;
		int callsPerThread = 250;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Callable<Void>> tasks = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				tasks.add(() -> {
					for (int i = 0; i < callsPerThread; i++) {
						client.get("a");
						client.head("a");
					}
					return null;
				});
			}
			for (Future<Void> done : pool.invokeAll(tasks)) {
				done.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		IoCounters counters = client.counters();
		assertThat(counters.gets()).isEqualTo(threads * callsPerThread);
		assertThat(counters.heads()).isEqualTo(threads * callsPerThread);
		assertThat(counters.bytesIn()).isEqualTo(4L * threads * callsPerThread);
	}

	@Test
	void describesAndClosesThroughTheDelegate() {
		assertThat(client.describe()).isEqualTo(client.delegate().describe());
	}

}
