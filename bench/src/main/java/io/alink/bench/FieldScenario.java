package io.alink.bench;

import io.alink.emulator.NodeType;
import io.alink.protocol.DeviceId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 6: simulated field devices, read by the gateway daemon in a process of its own, their values arriving in
 * the emulator's property store; counted there (values recorded, not sent). The daemon's figures are its process's:
 * peak resident memory and CPU time from {@code /proc}.
 *
 * <p>The baselines run first, before the daemon starts: it reads its devices for as long as it runs, so it cannot
 * take turns with them. (b) a bare client publishing pack/post messages of the same size to the same emulator, each
 * sub-device in its topology and logged in ({@link BarePacks}), before the simulated devices start, which it does not
 * need; then (a) the protocol's library alone reading the same devices the same way ({@link FieldBed#libraryRate}).
 */
final class FieldScenario {

    private static final Logger log = LoggerFactory.getLogger(FieldScenario.class);
    static final int SCENARIO = 6;
    /** More JVM options for the daemon's process, split on spaces: a flight recording, a heap bound. */
    static final String DAEMON_OPTIONS = "ALINK_BENCH_DAEMON_OPTS";
    private static final Duration ONLINE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);
    /** The goal for the daemon's resident memory. */
    private static final double RSS_GOAL_MIB = 256;
    private static final int MAX_DAEMON_WARNINGS = 20;

    private final BenchEmulator emulator;
    private final Sizes sizes;

    FieldScenario(BenchEmulator emulator, Sizes sizes) {
        this.emulator = emulator;
        this.sizes = sizes;
    }

    List<Row> run(FieldBed bed) throws InterruptedException {
        int n = bed.devices();
        log.info("Scenario 6: {}, {}", bed.protocol(), bed.layout());
        List<DeviceId> gateways = emulator.createDevices(NodeType.GATEWAY, 2);
        List<DeviceId> subDevices = emulator.createDevices(NodeType.SUB_DEVICE, 2 * n);
        List<DeviceId> viaDaemon = subDevices.subList(0, n);
        BarePacks packs = new BarePacks(emulator, gateways.get(1), subDevices.subList(n, 2 * n), bed.identifiers());
        double bareRate;
        try (BareClient bare = BareClient.connect(emulator.port(), gateways.get(1)).join()) {
            bare.addTopo(packs.devices(), emulator.limits().topoBatch());
            bare.login(packs.devices(), emulator.limits().loginBatch());
            bareRate = Runs.medians(sizes.warmups(), sizes.repeats(),
                    () -> packs.rate(bare, sizes.field().barePacks(), sizes.window()))[0];
        }
        bed.start();
        double libraryRate = Runs.medians(sizes.warmups(), sizes.repeats(),
                () -> bed.libraryRate(sizes.field().measurement()))[0];
        double[] baselines = {libraryRate, bareRate};
        Path folder = TempFolder.create("alink-field-");
        try {
            Path yaml = GatewayYaml.write(folder, emulator.port(), gateways.get(0), viaDaemon,
                    bed.connectorsYaml(viaDaemon));
            try (DaemonProcess daemon = DaemonProcess.start(yaml, folder.resolve("daemon.log"), daemonOptions())) {
                double[] figures = underLoad(daemon, n);
                DaemonProcess.Usage usage = daemon.usage();
                log.info("Daemon: peak RSS {} MiB, RSS now {} MiB; exit status {}", usage.peakRssBytes() >> 20,
                        usage.rssBytes() >> 20, daemon.terminate(STOP_TIMEOUT));
                daemon.warnings(MAX_DAEMON_WARNINGS).forEach(line -> log.info("daemon: {}", line));
                return rows(bed, packs, figures, baselines, usage);
            }
        } finally {
            TempFolder.delete(folder);
        }
    }

    /** The medians of the measured windows: points arrived per second, cores the daemon used. */
    private double[] underLoad(DaemonProcess daemon, int devices) throws InterruptedException {
        DaemonMetricsView metrics = new DaemonMetricsView(daemon.southbound());
        if (!metrics.awaitValue(DaemonMetricsView.ONLINE, online -> online == devices, ONLINE_TIMEOUT)) {
            throw new IllegalStateException("the daemon did not log its " + devices + " sub-devices in within "
                    + ONLINE_TIMEOUT.toSeconds() + " s");
        }
        log.info("Daemon pid {}: {} sub-devices online", daemon.pid(), devices);
        double[] figures = Runs.medians(sizes.warmups(), sizes.repeats(), () -> window(daemon, metrics))[0];
        log.info("Outbox after the measurement: {} messages queued",
                Math.round(metrics.value(DaemonMetricsView.QUEUED)));
        return figures;
    }

    /** One window of {@link Sizes.Field#measurement()}: points arrived per second, cores used by the daemon. */
    private double[] window(DaemonProcess daemon, DaemonMetricsView metrics) {
        long arrivedBefore = emulator.propertyValuesRecorded();
        long queuedBefore = Math.round(metrics.value(DaemonMetricsView.QUEUED));
        long cpuBefore = daemon.usage().cpuNanos();
        long start = System.nanoTime();
        Runs.pause(sizes.field().measurement().toMillis());
        long arrived = emulator.propertyValuesRecorded() - arrivedBefore;
        long cpu = daemon.usage().cpuNanos() - cpuBefore;
        long elapsed = System.nanoTime() - start;
        // what the daemon journaled is what arrived plus what its outbox grew by: its CPU per message read from that
        log.info("Window: {} points arrived, outbox grew by {} messages, daemon CPU {} s", arrived,
                Math.round(metrics.value(DaemonMetricsView.QUEUED)) - queuedBefore, Runs.seconds(cpu));
        return new double[] {arrived / Runs.seconds(elapsed), (double) cpu / elapsed};
    }

    private List<Row> rows(FieldBed bed, BarePacks packs, double[] figures, double[] baselines,
                           DaemonProcess.Usage usage) {
        String measure = "field → daemon → emulator, " + bed.protocol() + ": points arrived in the property store ("
                + bed.layout() + ")";
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(SCENARIO, measure, figures[0], baselines[0], "points/s", bed.libraryBaseline()));
        rows.add(new Row(SCENARIO, measure + ", against the same pack/post sent by hand", figures[0], baselines[1],
                "points/s", "bare HiveMQ client publishing pack/post messages of the same size (" + packs.bytes()
                + " B, " + packs.pointsPerPack() + " points) at QoS 1, " + sizes.window() + " in flight"));
        rows.add(new Row(SCENARIO, bed.protocol() + " field run: the daemon's peak RSS (VmHWM)",
                usage.peakRssBytes() / (double) (1 << 20), RSS_GOAL_MIB, "MiB", "the goal (issue 10)"));
        rows.add(new Row(SCENARIO, bed.protocol() + " field run: the daemon's CPU while measured (utime + stime)",
                figures[1], Runtime.getRuntime().availableProcessors(), "cores", "the machine's cores"));
        return rows;
    }

    static List<String> daemonOptions() {
        String options = System.getenv(DAEMON_OPTIONS);
        return options == null || options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+"));
    }

}
