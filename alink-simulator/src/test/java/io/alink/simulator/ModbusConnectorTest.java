package io.alink.simulator;

import static io.alink.simulator.FieldDevices.SUB01;
import static io.alink.simulator.FieldDevices.SUB02;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alink.daemon.connector.Connector;
import io.alink.daemon.connector.FieldReplyCodes;
import io.alink.daemon.connector.FieldStatus;
import io.alink.gateway.ServiceReply;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Modbus TCP connector against simulated devices: readings, writes, and field faults. */
class ModbusConnectorTest {

    private final RecordingUplink uplink = new RecordingUplink();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ModbusSimulator simulator;
    private Connector connector;

    @BeforeEach
    void start() {
        simulator = ModbusSimulator.tcp(FieldDevices.simulator(), 0);
        connector = FieldDevices.tcp(simulator.port()).create(uplink, registry, null);
        connector.start();
    }

    @AfterEach
    void stop() {
        connector.close();
        simulator.close();
    }

    @Test
    void givenADeviceWithEveryTableAndType_whenPolled_thenEachPropertyIsReportedDecoded() {
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(uplink.latest(SUB01)).containsKeys(
                "Temperature", "Running", "Alarm", "Count", "Setpoint", "Limit", "Name", "Energy", "Locked"));

        assertThat(uplink.latest(SUB01)).containsEntry("Temperature", 21.5).containsEntry("Running", 1)
                .containsEntry("Alarm", 0).containsEntry("Setpoint", 21.5).containsEntry("Limit", 99.5)
                .containsEntry("Name", "SIM-01").containsEntry("Energy", -9_000_000_000L)
                .containsEntry("Locked", 7L);
        assertThat(uplink.latest(SUB01).get("Count")).isInstanceOf(Long.class);
        assertThat(status(SUB01).link()).isEqualTo(FieldStatus.Link.UP);
    }

    @Test
    void givenOnlyACounterMoving_whenPolledAgain_thenOnlyTheChangeIsReported() {
        await().atMost(30, TimeUnit.SECONDS).until(() -> uplink.reports(SUB01).size() >= 3);

        assertThat(uplink.reports(SUB01).get(0).properties()).hasSize(9);
        assertThat(uplink.reports(SUB01).subList(1, 3)).allSatisfy(report ->
                assertThat(report.properties()).containsOnlyKeys("Count"));
    }

    @Test
    void givenAPropertySet_whenWritten_thenTheDeviceHoldsTheValuesAndTheCloudGets200AfterTheAcknowledgement()
            throws Exception {
        ServiceReply reply = set(SUB01, "{\"Setpoint\":23.4,\"Running\":0,\"Limit\":-1.25}");

        assertThat(reply.code()).as(reply.message()).isEqualTo(200);
        assertThat(simulator.value(1, "Setpoint")).isEqualTo(23.4);
        assertThat(simulator.value(1, "Running")).isEqualTo(0);
        assertThat(simulator.value(1, "Limit")).isEqualTo(-1.25);
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(uplink.latest(SUB01))
                .containsEntry("Setpoint", 23.4).containsEntry("Running", 0));
        assertThat(writes("written").count()).isEqualTo(1);
    }

    @Test
    void givenInvalidSets_whenWritten_thenRefusedWith460AndNothingIsWritten() throws Exception {
        ServiceReply readOnly = set(SUB01, "{\"Setpoint\":22,\"Temperature\":3}");
        ServiceReply outOfRange = set(SUB01, "{\"Setpoint\":5000}");
        ServiceReply unknown = set(SUB01, "{\"Speed\":1}");

        assertThat(readOnly.code()).isEqualTo(FieldReplyCodes.INVALID_PARAMETER);
        assertThat(readOnly.message()).isEqualTo("Temperature: read-only");
        assertThat(outOfRange.code()).isEqualTo(FieldReplyCodes.INVALID_PARAMETER);
        assertThat(outOfRange.message()).contains("out of range for int16");
        assertThat(unknown.message()).isEqualTo("Speed: no such property on this device");
        assertThat(simulator.value(1, "Setpoint")).isEqualTo(21.5);
        assertThat(writes("refused").count()).isEqualTo(3);
    }

    @Test
    void givenADeviceThatRefusesAWrite_whenWritten_thenTheCloudGetsItsExceptionCode() {
        ServiceReply reply = set(SUB01, "{\"Locked\":1}");

        assertThat(reply.code()).isEqualTo(FieldReplyCodes.DEVICE_EXCEPTION_BASE + 2);
        assertThat(reply.message()).contains("Locked not written", "exception code 2 (ILLEGAL_DATA_ADDRESS)");
    }

    @Test
    void givenADeviceThatStopsAnswering_whenItsPollsFail_thenItIsHeldOfflineTheOtherGoesOnAndItComesBack() {
        await().atMost(30, TimeUnit.SECONDS).until(() -> !uplink.reports(SUB01).isEmpty());

        simulator.silence(1, true);

        await().atMost(30, TimeUnit.SECONDS).until(() -> uplink.links().contains("down " + SUB01));
        FieldStatus down = status(SUB01);
        assertThat(down.link()).isEqualTo(FieldStatus.Link.DOWN);
        assertThat(down.lastError()).startsWith("no answer");
        assertThat(registry.get("alink.connector.faults").tag("kind", "timeout").tag("device", SUB01.toString())
                .counter().count()).isGreaterThanOrEqualTo(FieldDevices.MAX_FAILED_POLLS);
        Instant sub02Read = status(SUB02).lastGoodRead();
        await().atMost(30, TimeUnit.SECONDS).until(() -> status(SUB02).lastGoodRead().isAfter(sub02Read));
        assertThat(uplink.links()).doesNotContain("down " + SUB02);

        simulator.silence(1, false);

        await().atMost(30, TimeUnit.SECONDS).until(() -> uplink.links().contains("up " + SUB01));
        assertThat(status(SUB01).link()).isEqualTo(FieldStatus.Link.UP);
        assertThat(status(SUB01).lastGoodRead()).isAfter(down.lastErrorAt());
    }

    @Test
    void givenTheTcpLinkDrops_whenTheDeviceIsBack_thenTheLinkIsReconnectedAndPollsAnswerAgain() {
        await().atMost(30, TimeUnit.SECONDS).until(() -> status(SUB01).link() == FieldStatus.Link.UP);
        int port = simulator.port();

        simulator.close();

        // a request in flight when the link dropped may time out first; reconnecting then is refused
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(registry.get("alink.connector.faults").tag("kind", "link").tag("device", SUB01.toString())
                    .counter().count()).isPositive();
            assertThat(status(SUB01).link()).isEqualTo(FieldStatus.Link.DOWN);
            assertThat(status(SUB01).lastError()).startsWith("no link");
        });
        simulator = ModbusSimulator.tcp(FieldDevices.simulator(), port);
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(List.of(status(SUB01), status(SUB02)))
                .extracting(FieldStatus::link).containsOnly(FieldStatus.Link.UP));
    }

    private ServiceReply set(DeviceId device, String params) {
        return connector.setProperties(device, AlinkJson.parse(params)).toCompletableFuture()
                .orTimeout(30, TimeUnit.SECONDS).join();
    }

    private Counter writes(String outcome) {
        return registry.get("alink.connector.writes").tag("outcome", outcome).tag("device", SUB01.toString())
                .counter();
    }

    private FieldStatus status(DeviceId device) {
        return connector.status(device);
    }
}
