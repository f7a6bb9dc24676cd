package io.alink.bench;

import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 5: what the emulator carries. Bare clients, each a device of its own, connect in waves and stay; then some
 * of them publish to a custom topic of their own that they subscribe to, so that every message is routed back out
 * through the broker. The same is measured on a bare HiveMQ ({@link BareBroker}): the price of the platform layer.
 */
final class CapacityScenario {

    private static final Logger log = LoggerFactory.getLogger(CapacityScenario.class);
    /** Connections attempted at once: a burst a real fleet coming back after an outage would make. */
    private static final int WAVE = 250;
    /** How long the connections must stay up to count as held: past any refusal or disconnect right after CONNACK. */
    private static final long HOLD_MILLIS = 2000;
    private static final byte[] PAYLOAD = new byte[100];

    /** What one broker carried: connections held, how long they took to open, messages routed per second. */
    record Capacity(int held, double rampSeconds, double routedPerSecond) {
    }

    private final Sizes sizes;

    CapacityScenario(Sizes sizes) {
        this.sizes = sizes;
    }

    /** Connects {@code devices} (all with the bench secret) to the broker at {@code port}, then routes through it. */
    Capacity measure(String broker, int port, List<DeviceId> devices) {
        log.info("Scenario 5: {} connections to the {}, then {} messages per routing run", devices.size(), broker,
                sizes.routedMessages());
        List<BareClient> connected = new ArrayList<>();
        try {
            long start = System.nanoTime();
            for (int from = 0; from < devices.size(); from += WAVE) {
                List<CompletableFuture<BareClient>> wave = devices.subList(from, Math.min(devices.size(), from + WAVE))
                        .stream().map(device -> BareClient.connect(port, device)).toList();
                int refused = 0;
                for (CompletableFuture<BareClient> attempt : wave) {
                    try {
                        connected.add(attempt.join());
                    } catch (CompletionException e) {
                        refused++;
                    }
                }
                if (refused > 0) {
                    log.warn("{} of {} connections failed; stopping the ramp at {}", refused, wave.size(),
                            connected.size());
                    break;
                }
            }
            double rampSeconds = Runs.seconds(System.nanoTime() - start);
            Runs.pause(HOLD_MILLIS);
            List<BareClient> held = connected.stream().filter(BareClient::isConnected).toList();
            return new Capacity(held.size(), rampSeconds, route(held.subList(0, Math.min(held.size(),
                    sizes.routingClients()))));
        } finally {
            CompletableFuture.allOf(connected.stream().map(BareClient::disconnect)
                    .toArray(CompletableFuture[]::new)).join();
        }
    }

    List<Row> rows(Capacity emulator, Capacity bare) {
        int n = sizes.connections();
        String baseline = "bare HiveMQ CE, same clients, no platform extension";
        return List.of(
                new Row(5, "device connections held (of " + n + " attempted, " + WAVE + " at a time)",
                        emulator.held(), bare.held(), "conn", baseline),
                new Row(5, "time to open those connections", emulator.rampSeconds(), bare.rampSeconds(), "s",
                        baseline),
                new Row(5, "messages routed, " + sizes.routingClients() + " devices publishing QoS 0 ("
                        + PAYLOAD.length + " B) to a custom topic they subscribe to", emulator.routedPerSecond(),
                        bare.routedPerSecond(), "msg/s", baseline));
    }

    private double route(List<BareClient> clients) {
        LongAdder received = new LongAdder();
        List<String> topics = clients.stream().map(c -> AlinkTopic.custom(c.device(), "bench/route").topic()).toList();
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).onMessage(topic -> received.increment());
            clients.get(i).subscribe(topics.get(i));
        }
        int k = clients.size();
        return Runs.medians(sizes.warmups(), sizes.repeats(), () -> Throughput.measure(sizes.routedMessages(),
                sizes.window(), i -> clients.get(i % k).publish(topics.get(i % k), PAYLOAD, 0), received::sum))[0];
    }
}
