package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Posts property messages for sub-devices through a southbound API, round robin, each with a number {@code n} unique
 * to its device, and remembers which ones the daemon accepted (202: journaled). A post that fails (the daemon is
 * down, say) is simply not accepted. The emulator's message log is then checked against what was accepted.
 */
final class Streamer implements AutoCloseable {

    private final Supplier<Http> southbound;
    private final List<DeviceId> devices;
    private final Duration pause;
    private final Map<DeviceId, Set<Long>> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger acceptedCount = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param southbound where to post, asked before every post (a restarted daemon listens on a new port) */
    Streamer(Supplier<Http> southbound, List<DeviceId> devices, Duration pause) {
        this.southbound = southbound;
        this.devices = devices;
        this.pause = pause;
        devices.forEach(device -> accepted.put(device, ConcurrentHashMap.newKeySet()));
        thread = new Thread(this::run, "streamer");
        thread.setDaemon(true);
        thread.start();
    }

    int acceptedCount() {
        return acceptedCount.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every accepted message is in the emulator's message log, at least once. */
    void assertAllReceived(Http emulatorAdmin) {
        Map<DeviceId, Set<Long>> received = received(emulatorAdmin);
        assertThat(acceptedCount()).as("messages accepted").isPositive();
        accepted.forEach((device, numbers) -> assertThat(received.getOrDefault(device, Set.of()))
                .as("messages of %s in the platform's log", device).containsAll(numbers));
    }

    /**
     * What the emulator logged of the streamed property posts: numbers {@code n} by device, whether a post went as
     * it was or, journaled longer than the outbox's history age, as the gateway's history/post.
     */
    static Map<DeviceId, Set<Long>> received(Http emulatorAdmin) {
        Map<DeviceId, Set<Long>> received = new HashMap<>();
        for (JsonNode message : emulatorAdmin.getJson("/api/messages?limit=100000")) {
            String topic = message.path("topic").asText();
            JsonNode params = AlinkJson.parse(message.path("payload").asText()).path("params");
            if (topic.endsWith("/thing/event/property/post") && params.path("n").isIntegralNumber()) {
                String[] levels = topic.split("/");
                add(received, DeviceId.of(levels[2], levels[3]), params.path("n"));
            } else if (topic.endsWith("/thing/event/property/history/post")) {
                for (JsonNode entry : params) {
                    DeviceId device = DeviceId.of(entry.path("identity").path("productKey").asText(),
                            entry.path("identity").path("deviceName").asText());
                    entry.path("properties").forEach(snapshot -> add(received, device, snapshot.path("n").path("value")));
                }
            }
        }
        return received;
    }

    private static void add(Map<DeviceId, Set<Long>> received, DeviceId device, JsonNode n) {
        if (n.isIntegralNumber()) {
            received.computeIfAbsent(device, d -> ConcurrentHashMap.newKeySet()).add(n.longValue());
        }
    }

    private void run() {
        long n = 0;
        while (running) {
            for (DeviceId device : devices) {
                n++;
                try {
                    HttpResponse<String> response = southbound.get().post(Http.propertiesPath(device),
                            "{\"n\":" + n + ",\"temperature\":21.5}");
                    if (response.statusCode() == 202) {
                        accepted.get(device).add(n);
                        acceptedCount.incrementAndGet();
                    }
                } catch (UncheckedIOException | IllegalStateException e) {
                    // the daemon is not there: nothing accepted
                }
                if (!sleep()) {
                    return;
                }
            }
        }
    }

    private boolean sleep() {
        try {
            Thread.sleep(pause.toMillis());
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
