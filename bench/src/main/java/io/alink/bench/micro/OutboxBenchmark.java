package io.alink.bench.micro;

import io.alink.gateway.outbox.Outbox;
import io.alink.gateway.outbox.OutboxDurability;
import io.alink.gateway.outbox.OutboxLimits;
import io.alink.gateway.outbox.OutboxMessage;
import io.alink.protocol.DeviceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The price of a 202 that survives a power cut: appends committed per second, each appender waiting for its own
 * commit as the daemon's southbound API does, with {@code synchronous=FULL} against {@code NORMAL}. Group commit
 * lets concurrent appenders share a sync, so the gap should close as appenders are added.
 *
 * <p>The database goes in {@code -Dalink.bench.dir} (default: the temporary folder), which must be on a real disk:
 * on tmpfs a sync costs nothing and both modes measure the same.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class OutboxBenchmark {

    private static final DeviceId DEVICE = DeviceId.of("a1SubPk001", "sub01");
    private static final String TOPIC = "/sys/a1SubPk001/sub01/thing/event/property/post";
    /** A property post of a few values, as adapters send them. */
    private static final byte[] PAYLOAD = ("{\"id\":\"1\",\"version\":\"1.0\",\"sys\":{\"ack\":0},\"params\":"
            + "{\"Temperature\":21.5,\"Humidity\":40,\"LightSwitch\":1},\"method\":\"thing.event.property.post\"}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @Param({"POWER_CUT", "PROCESS_CRASH"})
    public OutboxDurability durability;

    private Path folder;
    private Outbox outbox;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path parent = Path.of(System.getProperty("alink.bench.dir", System.getProperty("java.io.tmpdir")));
        folder = Files.createTempDirectory(Files.createDirectories(parent), "outbox-bench");
        outbox = new Outbox(folder, OutboxLimits.DEFAULT, durability);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        outbox.close();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Benchmark
    @Threads(1)
    public OutboxMessage appenders01() {
        return appendAndWait();
    }

    @Benchmark
    @Threads(8)
    public OutboxMessage appenders08() {
        return appendAndWait();
    }

    @Benchmark
    @Threads(64)
    public OutboxMessage appenders64() {
        return appendAndWait();
    }

    private OutboxMessage appendAndWait() {
        return outbox.append(DEVICE, TOPIC, PAYLOAD).join();
    }
}
