package io.alink.bench;

import io.alink.emulator.Limits;
import io.alink.emulator.MessageRecord;
import io.alink.emulator.NodeType;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak: the gateway daemon in a JVM of its own under a steady load of property posts from its sub-devices'
 * adapters, while the platform (an emulator on loopback, keeping its state in a folder) restarts every few minutes,
 * so that the daemon reconnects by itself. The daemon process is read at a fixed interval. At the end the load
 * stops, the outbox drains, the daemon is stopped with SIGTERM, and every accepted post is looked for in the
 * platform's message log.
 */
final class Soak {

    private static final Logger log = LoggerFactory.getLogger(Soak.class);
    private static final Duration ONLINE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
    /** Beyond the posts: logins, topology requests and the like of the whole soak. */
    private static final int MESSAGE_LOG_MARGIN = 100_000;
    /** The daemon's log stays in the soak's folder, which goes; its warnings are worth keeping, up to a point. */
    private static final int MAX_DAEMON_WARNINGS = 100;

    private final SoakPlan plan;
    private final List<SoakReport.Sample> samples = new ArrayList<>();

    private Soak(SoakPlan plan) {
        this.plan = plan;
    }

    static SoakReport run(SoakPlan plan) throws InterruptedException {
        Path folder = TempFolder.create("alink-soak-");
        try {
            return new Soak(plan).run(folder);
        } finally {
            TempFolder.delete(folder);
        }
    }

    private SoakReport run(Path folder) throws InterruptedException {
        log.info("Soak: {} s at {} posts/s from {} adapters for {} sub-devices; a reading every {} s, a platform"
                        + " restart every {} s", plan.duration().toSeconds(), plan.ratePerSecond(), plan.adapters(),
                plan.subDevices(), plan.sampleEvery().toSeconds(), plan.reconnectEvery().toSeconds());
        // every accepted post must still be in the log when it is looked for: bound it by neither count nor bytes
        Limits limits = Limits.PLATFORM.withMessageLogSize((int) plan.maxPosts() + MESSAGE_LOG_MARGIN)
                .withMessageLogBytes(Integer.MAX_VALUE);
        try (BenchEmulator emulator = BenchEmulator.startIn(folder.resolve("emulator"), limits)) {
            DeviceId gateway = emulator.createDevices(NodeType.GATEWAY, 1).get(0);
            List<DeviceId> subDevices = emulator.createDevices(NodeType.SUB_DEVICE, plan.subDevices());
            Path yaml = GatewayYaml.write(folder, emulator.port(), gateway, subDevices, "");
            try (DaemonProcess daemon = DaemonProcess.start(yaml, folder.resolve("daemon.log"))) {
                log.info("Daemon pid {}, southbound API {}", daemon.pid(), daemon.southbound());
                DaemonMetricsView metrics = new DaemonMetricsView(daemon.southbound());
                if (!metrics.awaitValue(DaemonMetricsView.ONLINE, n -> n == subDevices.size(), ONLINE_TIMEOUT)) {
                    throw new IllegalStateException("the daemon did not log its " + subDevices.size()
                            + " sub-devices in within " + ONLINE_TIMEOUT.toSeconds() + " s");
                }
                return underLoad(emulator, daemon, metrics, subDevices);
            }
        }
    }

    private SoakReport underLoad(BenchEmulator emulator, DaemonProcess daemon, DaemonMetricsView metrics,
                                 List<DeviceId> subDevices) throws InterruptedException {
        // the reading before the load is at 0 s: the load's time starts after it
        sample(daemon, metrics, System.nanoTime(), 0);
        long start = System.nanoTime();
        SoakLoad load = new SoakLoad(daemon.southbound(), subDevices, plan);
        BitSet accepted;
        int restarts = 0;
        try {
            long end = start + plan.duration().toNanos();
            long nextSample = start + plan.sampleEvery().toNanos();
            long nextRestart = start + plan.reconnectEvery().toNanos();
            while (true) {
                long next = Math.min(Math.min(nextSample, end), nextRestart);
                sleepUntil(next);
                // a reading due at the time of a restart is taken first; the last is at the end of the load
                if (next == nextSample || next == end) {
                    sample(daemon, metrics, start, load.accepted());
                    if (next == end) {
                        break;
                    }
                    nextSample += plan.sampleEvery().toNanos();
                } else {
                    log.info("Restarting the platform (restart {})", restarts + 1);
                    emulator.restart();
                    restarts++;
                    nextRestart += plan.reconnectEvery().toNanos();
                }
            }
        } finally {
            accepted = load.stop();
        }
        return finish(emulator, daemon, metrics, subDevices, load, accepted, restarts);
    }

    private SoakReport finish(BenchEmulator emulator, DaemonProcess daemon, DaemonMetricsView metrics,
                              List<DeviceId> subDevices, SoakLoad load, BitSet accepted, int restarts)
            throws InterruptedException {
        log.info("Load stopped: {} posts accepted, {} refused, {} failed; waiting for the outbox to drain",
                load.accepted(), load.refused(), load.failed());
        long drainStart = System.nanoTime();
        Duration drained = metrics.awaitValue(DaemonMetricsView.QUEUED, n -> n == 0, DRAIN_TIMEOUT)
                ? Duration.ofNanos(System.nanoTime() - drainStart) : null;
        long reconnects = Math.round(metrics.value(DaemonMetricsView.RECONNECTS));
        int exitStatus = daemon.terminate(STOP_TIMEOUT);
        log.info("Daemon stopped with exit status {}; looking for the accepted posts in the platform's log",
                exitStatus);
        daemon.warnings(MAX_DAEMON_WARNINGS).forEach(line -> log.info("daemon: {}", line));
        BitSet arrived = new BitSet();
        long duplicates = 0;
        for (DeviceId device : subDevices) {
            duplicates += arrivals(emulator, device, arrived);
        }
        BitSet lost = (BitSet) accepted.clone();
        lost.andNot(arrived);
        BitSet found = (BitSet) accepted.clone();
        found.and(arrived);
        return new SoakReport(plan, samples, new SoakReport.Totals(accepted.cardinality(), load.refused(),
                load.failed(), found.cardinality(), duplicates, lost.cardinality(), restarts, reconnects, drained,
                exitStatus));
    }

    /** Marks the post numbers of {@code device} in the platform's log in {@code arrived}; how many came again. */
    private static long arrivals(BenchEmulator emulator, DeviceId device, BitSet arrived) {
        String topic = AlinkTopic.of(TopicKind.PROPERTY_POST, device).topic();
        long again = 0;
        for (MessageRecord message : emulator.messages(device, emulator.limits().messageLogSize())) {
            if (!message.topic().equals(topic)) {
                continue;
            }
            int number = AlinkJson.parse(message.payload()).path("params").path(SoakLoad.NUMBER).asInt(-1);
            if (number < 0) {
                continue;
            }
            if (arrived.get(number)) {
                again++;
            }
            arrived.set(number);
        }
        return again;
    }

    private void sample(DaemonProcess daemon, DaemonMetricsView metrics, long start, long accepted) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        DaemonProcess.Reading reading = daemon.read();
        long queued = Math.round(metrics.value(DaemonMetricsView.QUEUED));
        samples.add(new SoakReport.Sample(elapsed, reading, accepted, queued));
        log.info("At {} s: {} posts accepted, {} queued; heap after GC {} MiB, RSS {} MiB, {} threads, {} open files",
                elapsed.toSeconds(), accepted, queued, reading.heapAfterGcBytes() >> 20, reading.rssBytes() >> 20,
                reading.threads(), reading.openFiles());
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left; (left = nanoTime - System.nanoTime()) > 0; ) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }
}
