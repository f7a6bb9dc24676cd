package io.alink.bench;

import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 5: what the emulator carries. Bare clients, each a device of its own, connect in waves from a process of
 * their own ({@link ConnectionHolder}) and stay; then more devices publish to a custom topic of their own that they
 * subscribe to, so that every message is routed back out through the broker. The same is measured on a bare HiveMQ ({@link BareBroker}): the price of the platform layer.
 */
final class CapacityScenario {

    private static final Logger log = LoggerFactory.getLogger(CapacityScenario.class);
    /** Connections attempted at once: a burst a real fleet coming back after an outage would make. */
    private static final int WAVE = 250;
    /** How long the connections must stay up to count as held: past any refusal or disconnect right after CONNACK. */
    static final long HOLD_MILLIS = 2000;
    private static final byte[] PAYLOAD = new byte[100];
    /** After the warm-up's holder ended: time for the broker to finish the disconnects it saw last. */
    private static final long SETTLE_MILLIS = 2000;

    /**
     * What one broker carried: connections held, how long they took to open, messages routed per second, and the
     * broker process's heap per held connection.
     */
    record Capacity(int held, double rampSeconds, double routedPerSecond, double heapPerConnection) {
    }

    private final Sizes sizes;

    CapacityScenario(Sizes sizes) {
        this.sizes = sizes;
    }

    /** The devices a broker must know: those held, then those that route. */
    int devicesNeeded() {
        return sizes.connections() + sizes.routingClients();
    }

    /**
     * Connects the first {@link Sizes#connections()} of {@code devices} (all with the bench secret) to the broker at
     * {@code port} from a process of their own and holds them; meanwhile the broker's heap per connection is read in
     * this process (the broker's), and the next {@link Sizes#routingClients()} devices route through it.
     */
    Capacity measure(String broker, int port, List<DeviceId> devices) {
        int count = sizes.connections();
        log.info("Scenario 5: {} connections to the {}, then {} messages per routing run", count, broker,
                sizes.routedMessages());
        OpenFiles.warnIfBelow(count, "this process (the broker's side of each connection)");
        Path holderLog = TempFolder.create("alink-bench-holder-").resolve("holder.log");
        for (int i = 0; i < sizes.warmups(); i++) {
            ramp("warm-up", port, devices.get(0).productKey(), count, holderLog);
        }
        // the time to open is the median of the measured ramps, the last of which is held for the other figures
        double[] rampSeconds = new double[Math.max(1, sizes.repeats())];
        for (int i = 0; i < rampSeconds.length - 1; i++) {
            rampSeconds[i] = ramp("ramp " + (i + 1), port, devices.get(0).productKey(), count, holderLog);
        }
        long heapBefore = MemoryProbe.usedHeapAfterGc();
        Map<String, Long> threadsBefore = CpuTime.byThreadKind();
        long cpuBefore = CpuTime.now().process();
        long allocatedBefore = CpuTime.allocatedBytes();
        try (HolderProcess holder = HolderProcess.start(port, devices.get(0).productKey(), count, WAVE, holderLog)) {
            HolderProcess.Held held = holder.awaitHeld();
            long brokerCpu = CpuTime.now().process() - cpuBefore;
            long opened = Math.max(1, held.connections());
            log.info("{}: per opened connection {} µs of CPU (the broker's process, hold included), {} B allocated"
                    + " (its threads), {} µs of CPU (the opening client's process); busiest threads: {}", broker,
                    String.format("%.0f", brokerCpu / 1e3 / opened),
                    (CpuTime.allocatedBytes() - allocatedBefore) / opened,
                    String.format("%.0f", held.cpuNanos() / 1e3 / opened), busiestSince(threadsBefore, opened));
            double heapPerConnection = held.connections() == 0 ? Double.NaN
                    : (double) (MemoryProbe.usedHeapAfterGc() - heapBefore) / held.connections();
            rampSeconds[rampSeconds.length - 1] = held.seconds();
            log.info("{}: {} of {} connections held, opened in {} s (median of the ramps {}), {} B of heap each",
                    broker, held.connections(), count, String.format("%.2f", held.seconds()),
                    Arrays.toString(rampSeconds), Math.round(heapPerConnection));
            return new Capacity(held.connections(), Runs.median(rampSeconds),
                    route(devices.subList(count, count + sizes.routingClients()), port), heapPerConnection);
        } finally {
            TempFolder.delete(holderLog.getParent());
        }
    }

    /**
     * Opens the same connections and closes them; {@return the seconds the opening took}. A warm-up's is thrown
     * away: the brokers share this JVM and HiveMQ's code, and without it the first broker measured would also pay the
     * compilation of HiveMQ's connect path for the second. The measured ramps are then the fleet's return after an
     * outage (devices the platform has seen before); one ramp's time moves by a third between runs, hence several.
     */
    private static double ramp(String what, int port, String productKey, int count, Path holderLog) {
        double seconds;
        try (HolderProcess holder = HolderProcess.start(port, productKey, count, WAVE, holderLog)) {
            HolderProcess.Held held = holder.awaitHeld();
            seconds = held.seconds();
            log.info("{}: {} connections opened in {} s, closing them", what, held.connections(),
                    String.format("%.2f", seconds));
        }
        // the broker handles the last disconnects after the holder has seen them acknowledged
        Runs.pause(SETTLE_MILLIS);
        return seconds;
    }

    List<Row> rows(Capacity emulator, Capacity bare) {
        int n = sizes.connections();
        String baseline = "bare HiveMQ CE, same clients, no platform extension";
        return List.of(
                new Row(5, "device connections held (of " + n + " attempted, " + WAVE + " at a time, from a process"
                        + " of their own)", emulator.held(), bare.held(), "conn", baseline),
                new Row(5, "time to open those connections (median of " + Math.max(1, sizes.repeats())
                        + " ramps of the same, after " + sizes.warmups() + " unmeasured)", emulator.rampSeconds(), bare.rampSeconds(), "s",
                        baseline),
                new Row(5, "broker's heap per held connection (after GC, the broker's process only)",
                        emulator.heapPerConnection(), bare.heapPerConnection(), "B", baseline),
                new Row(5, "messages routed, " + sizes.routingClients() + " devices publishing QoS 0 ("
                        + PAYLOAD.length + " B) to a custom topic they subscribe to, while the others are held",
                        emulator.routedPerSecond(), bare.routedPerSecond(), "msg/s", baseline));
    }

    /** Connects {@code devices}, each subscribing to its own custom topic, and routes messages through them. */
    private double route(List<DeviceId> devices, int port) {
        List<BareClient> clients = devices.stream().map(device -> BareClient.connect(port, device)).toList().stream()
                .map(CompletableFuture::join).toList();
        try {
            return route(clients);
        } finally {
            CompletableFuture.allOf(clients.stream().map(BareClient::disconnect).toArray(CompletableFuture[]::new))
                    .join();
        }
    }

    private double route(List<BareClient> clients) {
        LongAdder received = new LongAdder();
        List<String> topics = clients.stream().map(c -> AlinkTopic.custom(c.device(), "bench/route").topic()).toList();
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).onMessage(topic -> received.increment());
            clients.get(i).subscribe(topics.get(i));
        }
        int k = clients.size();
        return Runs.medians(sizes.warmups(), sizes.repeats(), () -> routeOnce(clients, topics, received))[0];
    }

    /** The eight kinds of thread that used the most CPU since {@code before}, in µs per unit of work. */
    private static String busiestSince(Map<String, Long> before, long units) {
        return CpuTime.byThreadKind().entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .map(e -> e.getKey() + " " + String.format("%.1f", e.getValue() / 1e3 / units))
                .collect(Collectors.joining(", "));
    }

    /**
     * One routing run's rate; its CPU per routed message goes to the log, since on a shared machine the rate alone
     * also measures the neighbours. The broker's side is the process's CPU but the clients' threads'.
     */
    private double routeOnce(List<BareClient> clients, List<String> topics, LongAdder received) {
        int k = clients.size();
        long arrivedBefore = received.sum();
        Map<String, Long> threadsBefore = CpuTime.byThreadKind();
        CpuTime before = CpuTime.now();
        double rate = Throughput.measure(sizes.routedMessages(), sizes.window(),
                i -> clients.get(i % k).publish(topics.get(i % k), PAYLOAD, 0), received::sum);
        CpuTime used = CpuTime.now().minus(before);
        long arrived = Math.max(1, received.sum() - arrivedBefore);
        String busiest = busiestSince(threadsBefore, arrived);
        log.info("routing: {} msg/s, CPU per routed message {} µs (process), {} µs (broker's side); busiest threads: {};"
                + " {} arrived", Math.round(rate), String.format("%.1f", used.process() / 1e3 / arrived),
                String.format("%.1f", (used.process() - used.senders()) / 1e3 / arrived), busiest, arrived);
        return rate;
    }
}
