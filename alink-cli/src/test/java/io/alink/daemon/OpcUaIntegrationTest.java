package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.simulator.OpcUaSimulator;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon with an OPC UA connector over Basic256Sha256: the simulated server on one side, the emulated platform
 * on the other, all in this JVM. The cloud is driven through the emulator's admin HTTP API, as an application would.
 */
class OpcUaIntegrationTest {

    private static final TestGateways GATEWAYS = TestGateways.of(1, 0, "gwopcua");
    private static final DeviceId CELL = GATEWAYS.subDevicesOf("gwopcua").get(0);

    @TempDir
    static Path dir;

    @RegisterExtension
    static final EmulatorExtension emulator = GATEWAYS.emulator();

    @RegisterExtension
    static final DaemonUnderTest daemon = new DaemonUnderTest();

    private static OpcUaSimulator simulator;
    private static Http cloud;
    private static Http southbound;

    @BeforeAll
    static void start() throws Exception {
        cloud = new Http(URI.create("http://127.0.0.1:" + emulator.httpPort()));
        simulator = daemon.closeAfterwards(OpcUaSimulator.start(new OpcUaSimulator.Settings(0,
                Duration.ofMillis(200), Duration.ZERO, null)));
        Path trustDir = Files.createDirectories(dir.resolve("pki"));
        Files.write(trustDir.resolve("simulator.der"), simulator.certificate().getEncoded());
        daemon.start(dir, GATEWAYS.yaml("gwopcua", emulator.mqttPort(), daemon.store(dir), """
                        connectors:
                          - name: cell7
                            type: opcua
                            endpoint: %s
                            security: {policy: Basic256Sha256, mode: SignAndEncrypt, trustDir: %s}
                            devices:
                              - productKey: %s
                                deviceName: %s
                                properties:
                                  - {identifier: Count, node: "ns=2;s=Cell7.Count", samplingMs: 200}
                                  - {identifier: Setpoint, node: "ns=2;s=Cell7.Setpoint", writable: true}
                                services:
                                  - {identifier: Start, object: "ns=2;s=Cell7", method: "ns=2;s=Cell7.Start"}
                                events:
                                  - {identifier: Alarm, notifier: "ns=2;s=Cell7"}
                        """.formatted(simulator.endpoint(), trustDir, CELL.productKey(), CELL.deviceName())));
        southbound = daemon.southbound();
    }

    @Test
    void givenSubscribedVariables_whenTheyChange_thenTheirValuesArriveAtThePlatformWithTheirSourceTimes() {
        long started = System.currentTimeMillis();

        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> {
            JsonNode count = cloud.getJson("/api/devices/" + CELL.productKey() + "/" + CELL.deviceName()
                    + "/properties").path("Count");
            assertThat(count.path("value").isIntegralNumber()).as(count.toString()).isTrue();
            assertThat(count.path("time").asLong()).isBetween(started - 60_000, System.currentTimeMillis());
        });

        JsonNode device = device();
        assertThat(device.path("connector").asText()).isEqualTo("cell7");
        assertThat(device.path("fieldLink").asText()).isEqualTo("up");
        assertThat(dir.resolve("store").resolve("opcua").resolve("application-cert.der")).isRegularFile();
    }

    @Test
    void givenAServiceCallFromTheCloud_whenTheMethodRuns_thenTheReplyCarriesItsOutputsAndItsEventGoesUp() {
        awaitReady();

        JsonNode reply = invoke("/services/Start", "{\"Speed\":40}");

        assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.path("data").path("Accepted").asInt()).isEqualTo(1);
        assertThat(reply.path("data").path("StartedAt").asLong()).isPositive();
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                cloud.posts(CELL, "/thing/event/Alarm/post"))
                .anySatisfy(params -> {
                    assertThat(params.path("value").path("Message").asText()).isEqualTo("Cell7 started at speed 40");
                    assertThat(params.path("time").asLong()).isPositive();
                }));
    }

    @Test
    void givenAPropertySetFromTheCloud_whenWritten_thenTheVariableHoldsIt() {
        awaitReady();

        JsonNode reply = invoke("/properties", "{\"Setpoint\":19.5}");

        assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
        assertThat(simulator.value("Setpoint")).isEqualTo(19.5);
    }

    private static JsonNode invoke(String path, String params) {
        HttpResponse<String> response = cloud.post("/api/devices/" + CELL.productKey() + "/" + CELL.deviceName()
                + path + "?timeoutMs=30000", params);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AlinkJson.parse(response.body());
    }

    /** Until the sub-device is online at the platform and the connector has its session with the server. */
    private static void awaitReady() {
        await().atMost(60, TimeUnit.SECONDS).until(() -> cloud.getJson("/api/devices/" + CELL.productKey() + "/"
                + CELL.deviceName()).path("online").asBoolean() && device().path("fieldLink").asText().equals("up"));
    }

    /** The sub-device's entry in the southbound API's GET /v1/devices. */
    private static JsonNode device() {
        return daemon.listed(CELL);
    }
}
