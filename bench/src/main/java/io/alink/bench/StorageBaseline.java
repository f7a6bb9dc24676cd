package io.alink.bench;

import io.alink.gateway.outbox.Outbox;
import io.alink.gateway.outbox.OutboxLimits;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The storage limit of the daemon's durable path: the rows a southbound post journals, appended to the gateway's own
 * outbox (SQLite, commits that survive a power cut, as the daemon's) by as many threads as there are adapters, each
 * waiting for its commit as a post waits for its 202. Concurrent appends share commits (group commit). Nothing is
 * sent: what this measures is what the journal alone allows.
 */
final class StorageBaseline {

    private StorageBaseline() {
    }

    /** Appends per second of {@code posts} appends by {@code appenders} threads, in a fresh outbox. */
    static double appendsPerSecond(List<DeviceId> devices, int appenders, int posts) {
        List<String> topics = devices.stream().map(d -> AlinkTopic.of(TopicKind.PROPERTY_POST, d).topic()).toList();
        Path folder = TempFolder.create("alink-bench-journal-");
        try (Outbox outbox = new Outbox(folder, OutboxLimits.DEFAULT)) {
            AtomicLong next = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int a = 0; a < appenders; a++) {
                Thread thread = new Thread(() -> {
                    for (long n; (n = next.getAndIncrement()) < posts; ) {
                        int i = (int) (n % devices.size());
                        outbox.append(devices.get(i), topics.get(i), payload(n)).join();
                    }
                }, "bench-appender-" + a);
                threads.add(thread);
                thread.start();
            }
            Runs.joinAll(threads);
            return posts / Runs.seconds(System.nanoTime() - start);
        } finally {
            TempFolder.delete(folder);
        }
    }

    /** What the daemon journals for a post of {@code {"n": n, "temperature": 21.5}}: its property post envelope. */
    private static byte[] payload(long n) {
        return new AlinkRequest(Long.toString(n), AlinkRequest.VERSION,
                AlinkJson.object().put("n", n).put("temperature", 21.5), TopicKind.PROPERTY_POST.method(), 0)
                .toBytes();
    }
}
