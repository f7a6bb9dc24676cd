package io.alink.bench;

import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.exceptions.ModbusExecutionException;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;
import io.alink.daemon.connector.modbus.ReadBlock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only baseline of the Modbus field row: the digitalpetri client alone reads the same devices as the daemon
 * does, the daemon's way: one connection and one scheduling thread a server, each device's requests one after another,
 * the next poll {@code poll} after the last began (at once when a poll took longer). Nothing is decoded or sent on.
 */
final class ModbusReadBaseline {

    private static final Logger log = LoggerFactory.getLogger(ModbusReadBaseline.class);

    private final List<ReadBlock> plan;
    private final int pointsPerPoll;
    private final long pollNanos;
    private final long end;
    private final AtomicLong points = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private ModbusReadBaseline(List<ReadBlock> plan, Duration poll, long end) {
        this.plan = plan;
        this.pointsPerPoll = plan.stream().mapToInt(block -> block.properties().size()).sum();
        this.pollNanos = poll.toNanos();
        this.end = end;
    }

    /** Points read per second over {@code window}, counting the polls that ended within it. */
    static double pointsPerSecond(List<Integer> ports, int units, List<ReadBlock> plan, Duration poll, Duration timeout,
                                  Duration window) {
        List<ModbusTcpClient> clients = new ArrayList<>();
        List<ScheduledExecutorService> schedulers = new ArrayList<>();
        try {
            for (int port : ports) {
                clients.add(connect(port, timeout));
            }
            long start = System.nanoTime();
            ModbusReadBaseline baseline = new ModbusReadBaseline(plan, poll, start + window.toNanos());
            for (ModbusTcpClient client : clients) {
                ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
                schedulers.add(scheduler);
                for (int unit = 1; unit <= units; unit++) {
                    int unitId = unit;
                    // spread over one poll, as the daemon spreads its first polls
                    scheduler.schedule(() -> baseline.poll(client, unitId, scheduler),
                            poll.toNanos() * (unit - 1) / units, TimeUnit.NANOSECONDS);
                }
            }
            Runs.pause(window.toMillis());
            if (baseline.failures.get() > 0) {
                log.warn("{} requests of the read-only baseline failed", baseline.failures.get());
            }
            return baseline.points.get() / Runs.seconds(window.toNanos());
        } finally {
            schedulers.forEach(ScheduledExecutorService::shutdownNow);
            clients.forEach(ModbusReadBaseline::disconnect);
        }
    }

    private void poll(ModbusTcpClient client, int unitId, ScheduledExecutorService scheduler) {
        long started = System.nanoTime();
        CompletableFuture<?> reads = CompletableFuture.completedFuture(null);
        for (ReadBlock block : plan) {
            reads = reads.thenCompose(ignored -> client.sendAsync(unitId, block.request()).toCompletableFuture());
        }
        reads.whenCompleteAsync((done, error) -> {
            long now = System.nanoTime();
            if (now - end > 0) {
                return;
            }
            if (error == null) {
                points.addAndGet(pointsPerPoll);
            } else {
                failures.incrementAndGet();
            }
            scheduler.schedule(() -> poll(client, unitId, scheduler), Math.max(0, pollNanos - (now - started)),
                    TimeUnit.NANOSECONDS);
        }, scheduler);
    }

    private static ModbusTcpClient connect(int port, Duration timeout) {
        ModbusTcpClient client = ModbusTcpClient.create(NettyTcpClientTransport.create(transport -> {
            transport.hostname = "127.0.0.1";
            transport.port = port;
            transport.connectTimeout = timeout;
        }), config -> config.requestTimeout = timeout);
        try {
            client.connect();
        } catch (ModbusExecutionException e) {
            throw new IllegalStateException("cannot connect to the simulator on port " + port, e);
        }
        return client;
    }

    private static void disconnect(ModbusTcpClient client) {
        try {
            client.disconnect();
        } catch (ModbusExecutionException e) {
            log.debug("Disconnecting the baseline's client: {}", e.toString());
        }
    }
}
