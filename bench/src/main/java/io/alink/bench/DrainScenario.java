package io.alink.bench;

import io.alink.emulator.Limits;
import io.alink.emulator.MessageRecord;
import io.alink.emulator.NodeType;
import io.alink.gateway.GatewayClient;
import io.alink.gateway.outbox.OutboxLimits;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 8: the outbox's backlog after an outage. The gateway library queues messages (each a property post of
 * one numbered value) while the emulator is down; once it is back, messages per second until they all arrived,
 * against the live rate of the same gateway queuing the same number while connected. New messages queued during the
 * drain must still arrive after the older ones of their device: the emulator's message log is read back to check
 * each device's numbers count up.
 *
 * <p>Arrivals are counted in the emulator's property store (one value per message), not its message log, which
 * also counts the logins that follow the reconnection. The drain is timed from its first arrival, so that the
 * client's reconnection back-off (logged) is not counted as sending time.
 */
final class DrainScenario {

    private static final Logger log = LoggerFactory.getLogger(DrainScenario.class);
    static final int SCENARIO = 8;
    /** Queued but not yet journaled messages at a time: the journal's group commits, not an unbounded queue. */
    private static final int ENQUEUE_WINDOW = 1000;
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofMinutes(3);
    private static final String NUMBER = "n";
    /**
     * Older messages go as history/post by default (after 60 s), on the gateway's topic: every message here goes as
     * its sub-device's property post instead, so that the order check reads each device's own messages. What
     * history/post costs is scenario 6's business.
     */
    private static final Duration SENT_AS_POSTS = Duration.ofHours(1);
    /** Room in a device's share of the log for its login messages. */
    private static final int LOGINS_PER_DEVICE = 4;
    private static final String POST_TOPIC_END = "/thing/event/property/post";

    private final Sizes sizes;
    private final Sizes.Drain drain;

    DrainScenario(Sizes sizes) {
        this.sizes = sizes;
        this.drain = sizes.drain();
    }

    List<Row> run() {
        log.info("Scenario 8: {} messages of {} sub-devices queued during an outage, {} more during the drain",
                drain.backlog(), drain.subDevices(), drain.newPosts());
        Path data = TempFolder.create("alink-bench-drain-");
        try (BenchEmulator emulator = BenchEmulator.startIn(data, Limits.PLATFORM.withLoginsPerSecond(0)
                .withMessageLogSize(drain.backlog() + drain.newPosts()))) {
            DeviceId gatewayId = emulator.createDevices(NodeType.GATEWAY, 1).get(0);
            List<DeviceId> devices = emulator.createDevices(NodeType.SUB_DEVICE, drain.subDevices());
            try (BenchGateway gateway = BenchGateway.connect(emulator.port(), gatewayId, builder -> builder
                    .maxLoginsPerSecond(BenchGateway.UNPACED).outbox(OutboxLimits.DEFAULT)
                    .historyAfter(SENT_AS_POSTS))) {
                gateway.bringUp(BenchGateway.credentials(devices));
                GatewayClient client = gateway.client();
                long[] next = new long[devices.size()];
                double live = live(emulator, client, devices, next);
                double drained = outage(emulator, client, devices, next);
                long[] order = order(emulator, devices);
                return List.of(
                        new Row(SCENARIO, "backlog drain: " + drain.backlog() + " property posts of "
                                + drain.subDevices() + " sub-devices queued while the emulator was down, sent once it"
                                + " was back (from the first arrival)", drained, live, "msg/s",
                                "live: the same number queued and sent while connected"),
                        new Row(SCENARIO, "posts in order per device, read back from the emulator's log, of the"
                                + " backlog and the " + drain.newPosts() + " queued during the drain", order[0],
                                order[1], "msg", "posts read back"));
            }
        } finally {
            TempFolder.delete(data);
        }
    }

    /** Messages per second from the first enqueue to the last arrival, while connected. */
    private double live(BenchEmulator emulator, GatewayClient client, List<DeviceId> devices, long[] next) {
        long before = emulator.propertyValuesRecorded();
        long start = System.nanoTime();
        enqueue(client, devices, next, drain.backlog());
        long arrived = awaitArrivals(emulator, before, drain.backlog());
        double rate = arrived / Runs.seconds(System.nanoTime() - start);
        log.info("Live: {} messages arrived, {} msg/s", arrived, Math.round(rate));
        return rate;
    }

    /** Stops the emulator, queues the backlog, starts it again; messages per second of the drain. */
    private double outage(BenchEmulator emulator, GatewayClient client, List<DeviceId> devices, long[] next) {
        emulator.restart(() -> {
            long start = System.nanoTime();
            enqueue(client, devices, next, drain.backlog());
            log.info("Outage: {} messages journaled in {} s, {} queued", drain.backlog(),
                    String.format("%.2f", Runs.seconds(System.nanoTime() - start)), client.outboxStats());
        });
        long restarted = System.nanoTime();
        // counts from the restart: the store's counter is the running emulator's
        long before = emulator.propertyValuesRecorded();
        while (emulator.propertyValuesRecorded() == before
                && System.nanoTime() - restarted < ARRIVAL_TIMEOUT.toNanos()) {
            Runs.pause(1);
        }
        long first = System.nanoTime();
        log.info("First message of the backlog arrived {} s after the restart (the client's reconnection)",
                String.format("%.2f", Runs.seconds(first - restarted)));
        enqueue(client, devices, next, drain.newPosts());
        long total = drain.backlog() + drain.newPosts();
        long arrived = awaitArrivals(emulator, before, total);
        double rate = arrived / Runs.seconds(System.nanoTime() - first);
        log.info("Drain: {} messages arrived, {} msg/s", arrived, Math.round(rate));
        return rate;
    }

    /** Queues {@code count} posts round-robin over the devices, each device's numbers counting up; waits until journaled. */
    private static void enqueue(GatewayClient client, List<DeviceId> devices, long[] next, int count) {
        Semaphore window = new Semaphore(ENQUEUE_WINDOW);
        CompletableFuture<?>[] journaled = new CompletableFuture<?>[count];
        for (int i = 0; i < count; i++) {
            int d = i % devices.size();
            window.acquireUninterruptibly();
            journaled[i] = client.enqueueProperties(devices.get(d), AlinkJson.object().put(NUMBER, next[d]++))
                    .whenComplete((seq, error) -> window.release());
        }
        CompletableFuture.allOf(journaled).join();
    }

    private static long awaitArrivals(BenchEmulator emulator, long before, long expected) {
        long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        long arrived;
        while ((arrived = emulator.propertyValuesRecorded() - before) < expected && System.nanoTime() - deadline < 0) {
            Runs.pause(5);
        }
        if (arrived < expected) {
            log.warn("Only {} of {} messages arrived within {} s", arrived, expected, ARRIVAL_TIMEOUT.toSeconds());
        }
        return arrived;
    }

    /**
     * Reads back each device's posts from the emulator's log: {in order, read}, where a post is in order when its
     * number is above every number its device posted before it.
     */
    private long[] order(BenchEmulator emulator, List<DeviceId> devices) {
        int perDevice = (drain.backlog() + drain.newPosts()) / devices.size() + LOGINS_PER_DEVICE;
        long inOrder = 0;
        long read = 0;
        for (DeviceId device : devices) {
            long previous = -1;
            for (MessageRecord message : emulator.messages(device, perDevice)) {
                if (!message.topic().endsWith(POST_TOPIC_END)) {
                    // its logins after the reconnection
                    continue;
                }
                long number = AlinkJson.parse(message.payload()).path("params").path(NUMBER).asLong(-1);
                read++;
                if (number > previous) {
                    inOrder++;
                    previous = number;
                }
            }
        }
        return new long[] {inOrder, read};
    }
}
