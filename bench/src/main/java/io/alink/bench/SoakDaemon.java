package io.alink.bench;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;
import io.alink.config.ConfigException;
import io.alink.daemon.GatewayDaemon;
import io.alink.daemon.GatewayFile;
import io.alink.daemon.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The gateway daemon of the soak, alone in its JVM (started by {@link DaemonProcess} with the G1 collector, the JVM's
 * default on a server): it starts the daemon from a gateway.yaml the way {@code alink gateway -c} does, prints
 * {@code HTTP <southbound URI>} as its first line, then answers each {@code heap} line on stdin with
 * {@code heap <bytes>}: the used heap right after a full collection, read from the collector's own record of it.
 *
 * <p>SIGTERM stops the daemon (draining the outbox) and exits with status 0, as {@code alink gateway} does; so does
 * the end of stdin, so that the child never outlives a harness that died.
 */
public final class SoakDaemon {

    static final String HEAP_REQUEST = "heap";
    /**
     * The collectors behind a full collection, which is what System.gc() runs: under G1, and under the serial
     * collector the daemon runs with by default.
     */
    static final Set<String> FULL_COLLECTORS = Set.of("G1 Old Generation", "MarkSweepCompact");

    private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());

    private SoakDaemon() {
    }

    public static void main(String[] args) throws IOException {
        GatewayDaemon daemon;
        try {
            GatewayFile file = GatewayFile.load(Path.of(args[0]));
            daemon = GatewayDaemon.start(file, file.store(), Progress.forThisProcess());
        } catch (ConfigException | RuntimeException e) {
            System.err.println("soak daemon: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(daemon), "soak-daemon-stop"));
        System.out.println("HTTP " + daemon.southboundUri());
        System.out.flush();
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = stdin.readLine()) != null; ) {
            if (line.equals(HEAP_REQUEST)) {
                System.out.println(heapAnswer());
                System.out.flush();
            }
        }
        System.exit(0);
    }

    /** Runs as the JVM shuts down; halting makes a stop on request exit 0 rather than the signal's 143. */
    private static void stop(GatewayDaemon daemon) {
        int status = 0;
        try {
            daemon.close();
        } catch (RuntimeException e) {
            System.err.println("soak daemon: the stop failed: " + e);
            status = 1;
        }
        Runtime.getRuntime().halt(status);
    }

    /** {@code heap <bytes>}, or {@code heap failed <why>}: the harness must hear of it rather than wait. */
    private static String heapAnswer() {
        try {
            return HEAP_REQUEST + " " + heapAfterFullGc();
        } catch (RuntimeException e) {
            return HEAP_REQUEST + " failed " + e.getMessage();
        }
    }

    /**
     * Used heap after a full collection of this call's own, summed over the heap pools: taken from the collection's
     * record, so nothing allocated after it (by the daemon's threads, which keep running) is counted.
     */
    private static long heapAfterFullGc() {
        GarbageCollectorMXBean full = ManagementFactory.getPlatformMXBeans(GarbageCollectorMXBean.class).stream()
                .filter(gc -> FULL_COLLECTORS.contains(gc.getName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("none of the collectors " + FULL_COLLECTORS
                        + ": run with G1 or the serial collector"));
        long before = full.getCollectionCount();
        System.gc();
        GcInfo info = full.getLastGcInfo();
        if (full.getCollectionCount() == before || info == null) {
            throw new IllegalStateException("System.gc() ran no full collection (-XX:+DisableExplicitGC?)");
        }
        return info.getMemoryUsageAfterGc().entrySet().stream().filter(pool -> HEAP_POOLS.contains(pool.getKey()))
                .mapToLong(pool -> pool.getValue().getUsed()).sum();
    }
}
