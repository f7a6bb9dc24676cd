package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.daemon.GatewayFile;
import io.alink.emulator.ProductConfig;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform dies (kill -9) and comes back on the same port and data folder, again and again, while the daemon
 * streams QoS 1 property posts for many sub-devices: nothing accepted is lost, and every sub-device is back online.
 */
class EmulatorRestartTest {

    private static final int RESTARTS = 10;
    private static final TestGateways GATEWAYS = TestGateways.of(50, 3, "gwrestart");
    private static final List<DeviceId> SUBS = GATEWAYS.subDevicesOf("gwrestart");

    @TempDir
    Path dir;

    @Test
    void givenAStreamingDaemon_whenThePlatformIsKilledAndRestartedTenTimes_thenEveryMessageArrivesAndAllAreOnline()
            throws Exception {
        try (EmulatorProcess emulator = EmulatorProcess.start(dir)) {
            for (ProductConfig product : GATEWAYS.products()) {
                assertThat(emulator.admin().post("/api/products", AlinkJson.MAPPER.writeValueAsString(product))
                        .statusCode()).isEqualTo(201);
            }
            Path yaml = Files.writeString(dir.resolve("gateway.yaml"),
                    GATEWAYS.yaml("gwrestart", emulator.mqttPort(), dir.resolve("store"), ""));
            try (GatewayDaemon daemon = GatewayDaemon.start(GatewayFile.load(yaml), dir.resolve("store"),
                    new LogLines())) {
                Http southbound = new Http(daemon.southboundUri());
                daemon.ready().get(60, TimeUnit.SECONDS);
                awaitAllOnline(emulator, southbound);

                Streamer streamer = new Streamer(() -> southbound, SUBS, Duration.ofMillis(5));
                for (int i = 0; i < RESTARTS; i++) {
                    int before = streamer.acceptedCount();
                    await().atMost(30, TimeUnit.SECONDS).until(() -> streamer.acceptedCount() > before + 50);
                    emulator.killAndRestart();
                    // the next kill comes only once the gateway is back: each outage is a whole one
                    await().atMost(30, TimeUnit.SECONDS).until(() -> gatewayOnline(emulator));
                }
                streamer.close();

                // the platform shows the gateway online a moment before the client has counted its reconnection
                await().atMost(30, TimeUnit.SECONDS)
                        .until(() -> southbound.metric("alink_gateway_reconnects_total") >= RESTARTS);
                await().atMost(60, TimeUnit.SECONDS).until(() -> southbound.metric("alink_gateway_messages_queued") == 0);
                awaitAllOnline(emulator, southbound);
                streamer.assertAllReceived(emulator.admin());
            }
        }
    }

    private static boolean gatewayOnline(EmulatorProcess emulator) {
        JsonNode gateway = emulator.admin().getJson("/api/devices/" + TestGateways.GATEWAY_PK + "/gwrestart");
        return gateway.path("online").asBoolean();
    }

    private static void awaitAllOnline(EmulatorProcess emulator, Http southbound) {
        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> {
            Set<DeviceId> online = new HashSet<>();
            for (JsonNode device : emulator.admin().getJson("/api/devices")) {
                if (device.path("online").asBoolean()) {
                    online.add(DeviceId.of(device.path("productKey").asText(), device.path("deviceName").asText()));
                }
            }
            assertThat(online).containsAll(SUBS);
            // the daemon lists a sub-device online once its login's reply is back, after the platform has it online
            assertThat(southbound.getJson("/v1/devices")).allSatisfy(device ->
                    assertThat(device.path("online").asBoolean()).isTrue());
        });
    }
}
