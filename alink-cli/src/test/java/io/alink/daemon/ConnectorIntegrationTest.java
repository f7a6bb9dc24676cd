package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.simulator.ModbusSimulator;
import io.alink.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon with a Modbus TCP connector: simulated field devices on one side, the emulated platform on the other,
 * all in this JVM. The cloud is driven through the emulator's admin HTTP API, as an application would.
 */
class ConnectorIntegrationTest {

    private static final TestGateways GATEWAYS = TestGateways.of(4, 0, "gwfield");
    private static final List<DeviceId> SUBS = GATEWAYS.subDevicesOf("gwfield");
    /** Written to by the cloud. */
    private static final DeviceId WRITTEN = SUBS.get(0);
    /** Refuses invalid writes. */
    private static final DeviceId REFUSING = SUBS.get(1);
    /** Goes silent and comes back. */
    private static final DeviceId FLAKY = SUBS.get(2);
    /** Disabled and enabled in the cloud. */
    private static final DeviceId DISABLED = SUBS.get(3);
    /** The mapping both sides share; the simulator adds a signal to each, the daemon says what is writable. */
    private static final String PROPERTIES = """
            - {identifier: Temperature, table: holding, address: 0, type: float32%s}
            - {identifier: Running, table: coil, address: 0%s}
            - {identifier: Count, table: input, address: 10, type: uint32, wordOrder: little%s}
            - {identifier: Setpoint, table: holding, address: 20, type: int16, scale: 0.1%s}
            """;

    @TempDir
    static Path dir;

    @RegisterExtension
    static final EmulatorExtension emulator = GATEWAYS.emulator();

    @RegisterExtension
    static final DaemonUnderTest daemon = new DaemonUnderTest();

    private static ModbusSimulator simulator;
    private static Http cloud;
    private static Http southbound;

    @BeforeAll
    static void start() throws Exception {
        cloud = new Http(URI.create("http://127.0.0.1:" + emulator.httpPort()));
        simulator = daemon.closeAfterwards(ModbusSimulator.tcp(SimulatorConfig.load(
                Files.writeString(dir.resolve("simulator.yaml"), simulatorYaml())), 0));
        daemon.start(dir, GATEWAYS.yaml("gwfield", emulator.mqttPort(), daemon.store(dir),
                connectorsYaml(simulator.port())));
        southbound = daemon.southbound();
    }

    @Test
    void givenSimulatedDevices_whenTheDaemonPollsThem_thenTheirReadingsArriveAtThePlatformInPacks() {
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            JsonNode latest = properties(WRITTEN);
            assertThat(latest.path("Temperature").path("value").asDouble()).isEqualTo(21.5);
            assertThat(latest.path("Running").path("value").asInt()).isEqualTo(1);
            assertThat(latest.path("Count").path("value").isIntegralNumber()).isTrue();
            assertThat(latest.path("Count").path("time").asLong()).isPositive();
        });
        await().atMost(30, TimeUnit.SECONDS).until(() -> StreamSupport.stream(cloud.getJson("/api/messages?productKey="
                + TestGateways.GATEWAY_PK + "&deviceName=gwfield&limit=1000").spliterator(), false)
                .anyMatch(message -> message.path("topic").asText().endsWith("/thing/event/property/pack/post")));

        JsonNode device = daemon.listed(WRITTEN);
        assertThat(device.path("connector").asText()).isEqualTo("line1");
        assertThat(device.path("fieldLink").asText()).isEqualTo("up");
        assertThat(device.path("lastGoodRead").asLong()).isPositive();
        assertThat(southbound.get("/metrics").body()).contains("alink_connector_polls_total{connector=\"line1\","
                + "device=\"" + WRITTEN + "\",outcome=\"answered\"}");
    }

    @Test
    void givenAPropertySetFromTheCloud_whenTheDeviceAcknowledges_thenItLandsInAHoldingRegisterAndACoil()
            throws Exception {
        JsonNode reply = setProperties(WRITTEN, "{\"Setpoint\":23.4,\"Running\":0}");

        assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
        assertThat(simulator.value(1, "Setpoint")).isEqualTo(23.4);
        assertThat(simulator.value(1, "Running")).isEqualTo(0);
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(properties(WRITTEN)
                .path("Setpoint").path("value").asDouble()).isEqualTo(23.4));
    }

    @Test
    void givenInvalidSetsFromTheCloud_whenRefused_thenTheCloudGets460WithTheReasonAndNothingIsWritten()
            throws Exception {
        JsonNode readOnly = setProperties(REFUSING, "{\"Setpoint\":20,\"Temperature\":3}");
        JsonNode outOfRange = setProperties(REFUSING, "{\"Setpoint\":9999}");

        assertThat(readOnly.path("code").asInt()).isEqualTo(460);
        assertThat(readOnly.path("message").asText()).isEqualTo("Temperature: read-only");
        assertThat(outOfRange.path("code").asInt()).isEqualTo(460);
        assertThat(outOfRange.path("message").asText()).contains("out of range for int16");
        assertThat(simulator.value(2, "Setpoint")).isEqualTo(21.5);
    }

    @Test
    void givenADeviceThatStopsAnswering_whenItsPollsFail_thenItIsLoggedOutAndBackInOnceItAnswers() {
        await().atMost(30, TimeUnit.SECONDS).until(() -> online(FLAKY));

        simulator.silence(3, true);

        await().atMost(30, TimeUnit.SECONDS).until(() -> !online(FLAKY));
        // the daemon lists it offline once the logout's reply is back, after the platform has it offline
        JsonNode down = await().atMost(30, TimeUnit.SECONDS).until(() -> daemon.listed(FLAKY),
                listed -> !listed.path("online").asBoolean());
        assertThat(down.path("fieldLink").asText()).isEqualTo("down");
        assertThat(down.path("lastError").asText()).startsWith("no answer");

        simulator.silence(3, false);

        await().atMost(30, TimeUnit.SECONDS).until(() -> online(FLAKY));
        assertThat(daemon.listed(FLAKY).path("fieldLink").asText()).isEqualTo("up");
        await().atMost(30, TimeUnit.SECONDS).until(() -> daemon.listed(FLAKY).path("online").asBoolean());
    }

    @Test
    void givenASubDeviceTheCloudDisables_whenPollsWouldRun_thenNoneRunsUntilTheCloudEnablesIt() {
        await().atMost(30, TimeUnit.SECONDS).until(() -> countReadAt(DISABLED) > 0);

        emulator.admin().setEnabled(DISABLED, false);

        // the notice reaches the daemon in its time; the readings of polls that ran before it arrive; then none
        await().atMost(30, TimeUnit.SECONDS).until(() -> daemon.listed(DISABLED).path("disabled").asBoolean());
        await().atMost(30, TimeUnit.SECONDS).until(() -> {
            long before = countReadAt(DISABLED);
            Thread.sleep(1500);
            return countReadAt(DISABLED) == before;
        });
        long stopped = countReadAt(DISABLED);

        emulator.admin().setEnabled(DISABLED, true);

        await().atMost(30, TimeUnit.SECONDS).until(() -> countReadAt(DISABLED) > stopped);
        assertThat(daemon.listed(DISABLED).has("disabled")).isFalse();
    }

    @Test
    void givenAnUpgradeJobForASubDeviceTheConnectorServes_whenItsNoticeArrives_thenStepMinus1NamesTheConnector() {
        await().atMost(30, TimeUnit.SECONDS).until(() -> online(REFUSING));
        CloudOta ota = new CloudOta(cloud);

        long job = ota.job(ota.upload(REFUSING, "9.9.9", new byte[4096]), REFUSING);

        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            JsonNode target = ota.target(job, REFUSING);
            assertThat(target.path("state").asText()).as(target.toString()).isEqualTo("FAILED");
            assertThat(target.path("step").asInt()).isEqualTo(-1);
            assertThat(target.path("desc").asText()).contains("connector line1").contains("installs no firmware");
        });
        assertThat(daemon.southbound().getJson("/v1/devices/" + REFUSING.productKey() + "/"
                + REFUSING.deviceName() + "/commands")).isEmpty();
        assertThat(daemon.store(dir).resolve("ota")).doesNotExist();
    }

    /** When the platform's latest Count of the device was read (epoch ms); 0 before any. */
    private static long countReadAt(DeviceId device) {
        return properties(device).path("Count").path("time").asLong();
    }

    private static JsonNode setProperties(DeviceId device, String params) {
        HttpResponse<String> response = cloud.post("/api/devices/" + device.productKey() + "/"
                + device.deviceName() + "/properties?timeoutMs=30000", params);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AlinkJson.parse(response.body());
    }

    /** The device's latest property values in the platform's property store: {identifier: {value, time}}. */
    private static JsonNode properties(DeviceId device) {
        return cloud.getJson("/api/devices/" + device.productKey() + "/" + device.deviceName() + "/properties");
    }

    /** Whether the platform has the sub-device online. */
    private static boolean online(DeviceId device) {
        return cloud.getJson("/api/devices/" + device.productKey() + "/" + device.deviceName())
                .path("online").asBoolean();
    }

    private static String simulatorYaml() {
        StringBuilder yaml = new StringBuilder("devices:\n");
        for (int unit = 1; unit <= SUBS.size(); unit++) {
            yaml.append("  - unitId: ").append(unit).append("\n    properties:\n").append(PROPERTIES.formatted(
                    ", constant: 21.5", ", constant: true", ", ramp: {from: 0, to: 1000000, step: 1}",
                    ", constant: 21.5").indent(6));
        }
        return yaml.toString();
    }

    private static String connectorsYaml(int port) {
        StringBuilder yaml = new StringBuilder("""
                connectors:
                  - name: line1
                    type: modbus-tcp
                    host: 127.0.0.1
                    port: %d
                    timeoutMs: 300
                    maxFailedPolls: 3
                    maxRetryDelayMs: 500
                    devices:
                """.formatted(port));
        for (int i = 0; i < SUBS.size(); i++) {
            yaml.append("      - productKey: ").append(SUBS.get(i).productKey())
                    .append("\n        deviceName: ").append(SUBS.get(i).deviceName())
                    .append("\n        unitId: ").append(i + 1)
                    .append("\n        pollMs: 200\n        properties:\n")
                    .append(PROPERTIES.formatted("", ", writable: true", "", ", writable: true").indent(10));
        }
        return yaml.toString();
    }
}
