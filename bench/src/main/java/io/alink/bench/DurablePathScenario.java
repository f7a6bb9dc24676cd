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
 * Scenario 7: the path a daemon user runs. Adapters post properties to the southbound API of the daemon (a process
 * of its own); each post is answered 202 once journaled, then sent and cleared by its PUBACK. Figures: durable posts
 * per second and the 202's latency, and that every accepted post arrived at the emulator.
 *
 * <p>Baselines in the same run, taking turns with the daemon: the same rows appended to the outbox alone by as many
 * threads, in group commits ({@link StorageBaseline}: the storage limit), and the same HTTP server answering 202
 * without journaling ({@link HttpOnlyBaseline}: the HTTP limit) to the same adapters.
 */
final class DurablePathScenario {

    private static final Logger log = LoggerFactory.getLogger(DurablePathScenario.class);
    static final int SCENARIO = 7;
    private static final Duration ONLINE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);
    private static final int MAX_DAEMON_WARNINGS = 20;
    /** The goal (14) for durable posts per second on 2 cores. */
    private static final double GOAL_POSTS_PER_SECOND = 20_000;

    private final BenchEmulator emulator;
    private final Sizes.Durable sizes;
    private final Sizes all;
    private final PostLoad load = PostLoad.best();

    DurablePathScenario(BenchEmulator emulator, Sizes sizes) {
        this.emulator = emulator;
        this.sizes = sizes.durable();
        this.all = sizes;
    }

    List<Row> run() throws InterruptedException {
        log.info("Scenario 7: {} adapters ({}) posting {} properties each run to the daemon of {} sub-devices",
                sizes.adapters(), load.describe(), sizes.posts(), sizes.subDevices());
        if (!(load instanceof WrkPosts)) {
            log.warn("Debian's wrk is not installed (apt-get install wrk): the adapters are Java threads, whose"
                    + " HTTP client takes much of the CPU the daemon needs");
        }
        DeviceId gateway = emulator.createDevices(NodeType.GATEWAY, 1).get(0);
        List<DeviceId> subDevices = emulator.createDevices(NodeType.SUB_DEVICE, sizes.subDevices());
        Path folder = TempFolder.create("alink-durable-");
        try (HttpOnlyBaseline httpOnly = new HttpOnlyBaseline();
             DaemonProcess daemon = DaemonProcess.start(GatewayYaml.write(folder, emulator.port(), gateway,
                     subDevices, ""), folder.resolve("daemon.log"), FieldScenario.daemonOptions())) {
            DaemonMetricsView metrics = new DaemonMetricsView(daemon.southbound());
            if (!metrics.awaitValue(DaemonMetricsView.ONLINE, online -> online == subDevices.size(), ONLINE_TIMEOUT)) {
                throw new IllegalStateException("the daemon did not log its sub-devices in within "
                        + ONLINE_TIMEOUT.toSeconds() + " s");
            }
            long[] arrival = new long[2];
            double[][] medians = Runs.medians(all.warmups(), all.repeats(),
                    () -> daemonRun(daemon, subDevices, arrival),
                    () -> figures(load.run(httpOnly.uri(), subDevices, sizes.adapters(), sizes.posts())),
                    () -> new double[] {StorageBaseline.appendsPerSecond(subDevices, sizes.adapters(),
                            sizes.posts())});
            log.info("Daemon exit status {}", daemon.terminate(STOP_TIMEOUT));
            daemon.warnings(MAX_DAEMON_WARNINGS).forEach(line -> log.info("daemon: {}", line));
            return rows(medians[0], medians[1], medians[2][0], arrival);
        } finally {
            TempFolder.delete(folder);
        }
    }

    /**
     * One run through the daemon; its figures, then waits until the accepted posts arrived (outside the timed part)
     * and adds them to {@code arrival}: {accepted, arrived} over all runs.
     */
    private double[] daemonRun(DaemonProcess daemon, List<DeviceId> subDevices, long[] arrival) {
        long before = emulator.messagesLogged();
        long cpuBefore = daemon.usage().cpuNanos();
        long benchCpuBefore = CpuTime.now().process();
        PostLoad.Result result = load.run(daemon.southbound(), subDevices, sizes.adapters(), sizes.posts());
        long arrived = awaitArrivals(before, result.accepted());
        double accepted = Math.max(1, result.accepted());
        double cpuMicrosPerPost = (daemon.usage().cpuNanos() - cpuBefore) / 1e3 / accepted;
        double benchMicrosPerPost = (CpuTime.now().process() - benchCpuBefore) / 1e3 / accepted;
        arrival[0] += result.accepted();
        arrival[1] += arrived;
        log.info("Daemon run: {} accepted ({} refused) in {} s, {} arrived; CPU per post: daemon {} µs, bench JVM"
                + " (emulator) {} µs", result.accepted(), result.refused(), String.format("%.2f", result.seconds()),
                arrived, Math.round(cpuMicrosPerPost), Math.round(benchMicrosPerPost));
        double[] figures = figures(result);
        double[] withCpu = Arrays.copyOf(figures, figures.length + 2);
        withCpu[figures.length] = cpuMicrosPerPost;
        withCpu[figures.length + 1] = benchMicrosPerPost;
        return withCpu;
    }

    /** Messages logged by the emulator since {@code before}, once {@code expected} arrived or arrivals stalled. */
    private long awaitArrivals(long before, long expected) {
        long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        long arrived;
        while ((arrived = emulator.messagesLogged() - before) < expected && System.nanoTime() - deadline < 0) {
            Runs.pause(20);
        }
        if (arrived < expected) {
            log.warn("Only {} of {} accepted posts arrived within {} s", arrived, expected,
                    ARRIVAL_TIMEOUT.toSeconds());
        }
        return arrived;
    }

    /** posts/s, p50, p99 and max latency in microseconds (the daemon's runs add the CPU per post of both JVMs). */
    private static double[] figures(PostLoad.Result result) {
        return new double[] {result.perSecond(), result.p50Micros(), result.p99Micros(), result.maxMicros()};
    }

    private List<Row> rows(double[] daemon, double[] httpOnly, double storage, long[] arrival) {
        String adapters = sizes.adapters() + " adapters (" + load.describe() + "; HTTP/1.1 keep-alive, one post in"
                + " flight each), " + sizes.posts() + " posts of " + sizes.subDevices() + " sub-devices";
        String httpWhat = "the same HTTP server answering 202 without journaling, same adapters";
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(SCENARIO, "durable posts (202 = journaled) through the daemon's southbound API, " + adapters,
                daemon[0], Math.min(storage, httpOnly[0]), "posts/s", "the lower of the two limits below"));
        rows.add(new Row(SCENARIO, "storage limit: the same rows appended to the outbox alone (group commit, "
                + sizes.adapters() + " appenders)", storage, GOAL_POSTS_PER_SECOND, "posts/s", "the goal (issue 14)"));
        rows.add(new Row(SCENARIO, "HTTP limit: " + httpWhat, httpOnly[0], GOAL_POSTS_PER_SECOND, "posts/s",
                "the goal (issue 14)"));
        rows.add(new Row(SCENARIO, "durable posts through the daemon, against the goal", daemon[0],
                GOAL_POSTS_PER_SECOND, "posts/s", "the goal (issue 14)"));
        String[] names = {"p50", "p99", "max"};
        for (int i = 0; i < names.length; i++) {
            rows.add(new Row(SCENARIO, names[i] + " latency of the daemon's 202", daemon[i + 1], httpOnly[i + 1], "µs",
                    httpWhat));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        rows.add(new Row(SCENARIO, "the daemon's CPU per durable post, from its 202 to the removal after the PUBACK"
                + " (utime + stime of its process)", daemon[4], cores * 1e6 / GOAL_POSTS_PER_SECOND, "µs",
                "the machine's whole budget per post at the goal (" + cores + " cores / 20,000 posts/s), shared with"
                + " the adapters and the emulator"));
        rows.add(new Row(SCENARIO, "the bench JVM's CPU per durable post (the emulator; and the adapters when they"
                + " are Java threads)", daemon[5], cores * 1e6 / GOAL_POSTS_PER_SECOND, "µs",
                "the machine's whole budget per post at the goal"));
        rows.add(new Row(SCENARIO, "posts arrived at the emulator, against those answered 202 (all runs; posts in"
                + " flight when the load stopped, their 202 unread, arrive too)", arrival[1],
                arrival[0], "posts", "posts answered 202"));
        return rows;
    }
}
