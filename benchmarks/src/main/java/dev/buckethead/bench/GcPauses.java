package dev.buckethead.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/** Records every garbage collection of this JVM (start on the {@code System.nanoTime()} clock, duration). */
final class GcPauses implements AutoCloseable {

	record Pause(String name, long startNanos, long durationNanos) {
	}

	private final List<Pause> pauses = new ArrayList<>();

	private final List<Runnable> removals = new ArrayList<>();

	private final long uptimeOriginNanos;

	GcPauses() {
		uptimeOriginNanos = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000;
		for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (!(bean instanceof NotificationEmitter emitter)) {
				continue;
			}
			javax.management.NotificationListener listener = (notification, handback) -> {
				if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
					return;
				}
				GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
					.from((CompositeData) notification.getUserData());
				synchronized (pauses) {
					pauses.add(new Pause(info.getGcName() + " " + info.getGcAction(),
							uptimeOriginNanos + info.getGcInfo().getStartTime() * 1_000_000,
							info.getGcInfo().getDuration() * 1_000_000));
				}
			};
			emitter.addNotificationListener(listener, null, null);
			removals.add(() -> {
				try {
					emitter.removeNotificationListener(listener);
				}
				catch (Exception ignored) {
					// gone
				}
			});
		}
	}

	/** Collections of a stop-the-world kind (G1 young/mixed/full; not concurrent cycles) overlapping a window. */
	List<Pause> within(List<long[]> windows) {
		List<Pause> found = new ArrayList<>();
		synchronized (pauses) {
			for (Pause p : pauses) {
				if (p.name().contains("Concurrent")) {
					continue;
				}
				for (long[] w : windows) {
					// GcInfo times have millisecond resolution: allow 1 ms either side.
					if (p.startNanos() + p.durationNanos() >= w[0] - 1_000_000 && p.startNanos() <= w[1] + 1_000_000) {
						found.add(p);
						break;
					}
				}
			}
		}
		return found;
	}

	@Override
	public void close() {
		removals.forEach(Runnable::run);
	}

}
