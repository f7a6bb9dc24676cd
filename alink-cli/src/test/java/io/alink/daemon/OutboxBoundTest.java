package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.daemon.GatewayFile;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.DeviceId;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long outage squeezed into seconds: far more is posted than a small outbox holds. The outbox stays within its
 * bound by dropping the oldest messages, counts them in the metrics, and delivers the newest once the platform is back.
 */
class OutboxBoundTest {

    private static final long MAX_BYTES = 16 * 1024;
    private static final int POSTS = 100;
    private static final TestGateways GATEWAYS = TestGateways.of(2, 0, "gwbound");
    private static final DeviceId SUB = GATEWAYS.subDevicesOf("gwbound").get(0);

    @TempDir
    Path dir;

    /** Its own emulator: the test stops it. */
    @RegisterExtension
    final EmulatorExtension emulator = GATEWAYS.emulator();

    @Test
    void givenAnOutage_whenMoreIsPostedThanTheOutboxHolds_thenTheOldestAreDroppedAndCountedAndTheNewestArrive()
            throws Exception {
        Path yaml = Files.writeString(dir.resolve("gateway.yaml"), GATEWAYS.yaml("gwbound", emulator.mqttPort(),
                dir.resolve("store"), "outbox: {maxBytes: " + MAX_BYTES + ", maxAgeHours: 1}\n"));
        try (GatewayDaemon daemon = GatewayDaemon.start(GatewayFile.load(yaml), dir.resolve("store"),
                new LogLines())) {
            daemon.ready().get(60, TimeUnit.SECONDS);
            Http southbound = new Http(daemon.southboundUri());

            emulator.stop();
            await().atMost(30, TimeUnit.SECONDS).until(() -> southbound.metric("alink_gateway_connected") == 0);
            for (long n = 1; n <= POSTS; n++) {
                assertThat(southbound.post(Http.propertiesPath(SUB), "{\"n\":" + n + ",\"reading\":\""
                        + "0123456789".repeat(50) + "\"}").statusCode()).isEqualTo(202);
            }

            double dropped = southbound.metric("alink_gateway_messages_dropped_total");
            double queued = southbound.metric("alink_gateway_messages_queued");
            assertThat(dropped).isPositive();
            assertThat(queued + dropped).isEqualTo(POSTS);
            assertThat(southbound.metric("alink_gateway_outbox_bytes")).isLessThanOrEqualTo(MAX_BYTES);
            JsonNode device = southbound.getJson("/v1/devices").get(0);
            assertThat(device.path("deviceName").asText()).isEqualTo(SUB.deviceName());
            assertThat(device.path("queuedMessages").asDouble()).isEqualTo(queued);

            emulator.restart();
            await().atMost(60, TimeUnit.SECONDS).until(() -> southbound.metric("alink_gateway_messages_queued") == 0);
            Set<Long> received = new TreeSet<>(Streamer.received(new Http(URI.create(emulator.httpUri())))
                    .getOrDefault(SUB, Set.of()));
            long firstKept = POSTS - (long) queued + 1;
            assertThat(received).containsExactlyElementsOf(LongStream.rangeClosed(firstKept, POSTS).boxed().toList());
        }
    }
}
