package io.alink.simulator;

import static io.alink.simulator.OpcUaFieldDevices.CELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.alink.daemon.connector.Connector;
import io.alink.daemon.connector.FieldReplyCodes;
import io.alink.daemon.connector.FieldStatus;
import io.alink.daemon.connector.opcua.OpcUaSecurity;
import io.alink.gateway.ServiceReply;
import io.alink.protocol.AlinkJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An OPC UA connector against the simulated cell: subscriptions, data types, writes, method calls, events. */
class OpcUaConnectorTest {

    private final RecordingUplink uplink = new RecordingUplink();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private OpcUaSimulator simulator;
    private Connector connector;

    @BeforeEach
    void start() {
        simulator = OpcUaFieldDevices.simulator(0);
        connector = OpcUaFieldDevices.connector(simulator.endpoint(), OpcUaSecurity.NONE, List.of(
                OpcUaFieldDevices.property("Missing", false))).create(uplink, registry, null);
        connector.start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> connector.status(CELL).link() == FieldStatus.Link.UP);
    }

    @AfterEach
    void stop() {
        connector.close();
        simulator.close();
    }

    @Test
    void givenAVariableSetAtTheServer_whenItsNotificationArrives_thenItIsReportedWithItsSourceTime() {
        long before = System.currentTimeMillis();
        simulator.set("Setpoint", 30.5);
        long after = System.currentTimeMillis();

        await().atMost(30, TimeUnit.SECONDS).until(() -> uplink.reports(CELL).stream()
                .anyMatch(report -> Double.valueOf(30.5).equals(report.properties().get("Setpoint"))));
        RecordingUplink.Report report = uplink.reports(CELL).stream()
                .filter(candidate -> Double.valueOf(30.5).equals(candidate.properties().get("Setpoint")))
                .findFirst().orElseThrow();
        assertThat(report.readAtMillis()).isBetween(before, after);
    }

    @Test
    void givenVariablesOfEveryKind_whenSubscribed_thenEachMapsToItsJsonValue() {
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(uplink.latest(CELL)).containsKeys(
                "Temperature", "Count", "Levels", "Clock", "Running", "Name", "Energy", "Pressure", "StartedAt",
                "Setpoint", "Mode"));

        Map<String, Object> latest = uplink.latest(CELL);
        assertThat(latest).containsEntry("Running", 0).containsEntry("Name", "CELL-7")
                .containsEntry("Energy", -9_000_000_000L).containsEntry("Pressure", 1.25)
                .containsEntry("Setpoint", 21.5).containsEntry("Mode", 1L);
        assertThat(latest.get("Temperature")).isInstanceOf(Double.class);
        assertThat(latest.get("Count")).isInstanceOf(Long.class);
        assertThat((List<?>) latest.get("Levels")).hasSize(3).allSatisfy(level -> assertThat(level)
                .isInstanceOf(Double.class));
        assertThat((Long) latest.get("Clock")).isCloseTo(System.currentTimeMillis(), within(60_000L));
        assertThat(latest.get("StartedAt")).isEqualTo(((DateTime) simulator.value("StartedAt")).getJavaTime());
    }

    @Test
    void givenAnUnknownNode_whenSubscribed_thenItIsAFaultAndTheOtherPropertiesGoOn() {
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(connector.status(CELL).lastError())
                .isEqualTo("Missing: Bad_NodeIdUnknown"));

        assertThat(faults("exception")).isEqualTo(1);
        await().atMost(30, TimeUnit.SECONDS).until(() -> uplink.latest(CELL).containsKey("Count"));
        assertThat(uplink.latest(CELL)).doesNotContainKey("Missing");
        assertThat(connector.status(CELL).link()).isEqualTo(FieldStatus.Link.UP);
    }

    @Test
    void givenAPropertySet_whenTheServerAcceptsIt_thenTheVariablesHoldTheValuesInTheirTypes() {
        ServiceReply reply = reply(connector.setProperties(CELL, AlinkJson.parse("{\"Setpoint\":23.4,\"Mode\":3}")));

        assertThat(reply.code()).as(reply.message()).isEqualTo(200);
        assertThat(simulator.value("Setpoint")).isEqualTo(23.4);
        assertThat(simulator.value("Mode")).isEqualTo((short) 3);
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(uplink.latest(CELL))
                .containsEntry("Setpoint", 23.4).containsEntry("Mode", 3L));
    }

    @Test
    void givenSetsThatDoNotConvert_whenWritten_thenRefusedWith460AndNothingIsWritten() {
        ServiceReply outOfRange = reply(connector.setProperties(CELL,
                AlinkJson.parse("{\"Setpoint\":22,\"Mode\":40000}")));
        ServiceReply notANumber = reply(connector.setProperties(CELL, AlinkJson.parse("{\"Setpoint\":\"hot\"}")));
        ServiceReply readOnly = reply(connector.setProperties(CELL, AlinkJson.parse("{\"Temperature\":3}")));
        ServiceReply unknown = reply(connector.setProperties(CELL, AlinkJson.parse("{\"Speed\":1}")));

        assertThat(List.of(outOfRange, notANumber, readOnly, unknown)).extracting(ServiceReply::code)
                .containsOnly(FieldReplyCodes.INVALID_PARAMETER);
        assertThat(outOfRange.message()).isEqualTo("Mode: out of range for Int16 (-32768 to 32767)");
        assertThat(notANumber.message()).startsWith("Setpoint: expected a number");
        assertThat(readOnly.message()).isEqualTo("Temperature: read-only");
        assertThat(unknown.message()).isEqualTo("Speed: no such property on this device");
        assertThat(simulator.value("Setpoint")).isEqualTo(21.5);
        assertThat(simulator.value("Mode")).isEqualTo((short) 1);
        assertThat(writes("refused")).isEqualTo(4);
    }

    @Test
    void givenAWriteTheServerRefuses_whenWritten_thenTheCloudGetsTheStatusName() {
        ServiceReply reply = reply(connector.setProperties(CELL, AlinkJson.parse("{\"Name\":\"CELL-8\"}")));

        assertThat(reply.code()).isEqualTo(FieldReplyCodes.DEVICE_BAD_STATUS);
        // the server's answer to a write of a read-only variable: the client's user may not write it
        assertThat(reply.message()).isEqualTo("Name not written: Bad_UserAccessDenied");
        assertThat(simulator.value("Name")).isEqualTo("CELL-7");
        assertThat(writes("failed")).isEqualTo(1);
    }

    @Test
    void givenAServiceCall_whenTheMethodRuns_thenItsOutputArgumentsAreTheReplysDataByName() {
        long before = System.currentTimeMillis();

        ServiceReply reply = reply(call("Start", "{\"Speed\":40}"));

        assertThat(reply.code()).as(reply.message()).isEqualTo(200);
        assertThat(reply.data().path("Accepted").asInt()).isEqualTo(1);
        assertThat(reply.data().path("StartedAt").asLong()).isBetween(before, System.currentTimeMillis());
        assertThat(simulator.value("Running")).isEqualTo(true);
    }

    @Test
    void givenBadCalls_whenCalled_thenInvalidArgumentsAre460AndABadStatusIsNamed() {
        ServiceReply missing = reply(call("Start", "{}"));
        ServiceReply unknown = reply(call("Start", "{\"Speed\":1,\"Gear\":2}"));
        ServiceReply refused = reply(call("Calibrate", "{}"));

        assertThat(missing.code()).isEqualTo(FieldReplyCodes.INVALID_PARAMETER);
        assertThat(missing.message()).isEqualTo("Speed: missing input argument of Start");
        assertThat(unknown.message()).isEqualTo("Gear: no such input argument of Start (it takes Speed)");
        assertThat(refused.code()).isEqualTo(FieldReplyCodes.DEVICE_BAD_STATUS);
        assertThat(refused.message()).isEqualTo("Bad_InvalidState");
        assertThat(simulator.value("Running")).isEqualTo(false);
        assertThat(connector.callService(CELL, "Reboot", AlinkJson.object())).isEmpty();
    }

    @Test
    void givenAnEventFromTheNotifier_whenItArrives_thenItGoesUpAsTheAlinkEventWithItsTime() {
        long before = System.currentTimeMillis();
        simulator.fireEvent("Overheat", 700);
        long after = System.currentTimeMillis();

        await().atMost(30, TimeUnit.SECONDS).until(() -> !uplink.events(CELL).isEmpty());
        RecordingUplink.Event event = uplink.events(CELL).get(0);
        assertThat(event.identifier()).isEqualTo("Alarm");
        assertThat(event.params()).isEqualTo(Map.of("Message", "Overheat", "Severity", 700L));
        assertThat(event.timeMillis()).isBetween(before, after);
    }

    private CompletionStage<ServiceReply> call(String service, String params) {
        return connector.callService(CELL, service, AlinkJson.parse(params)).orElseThrow();
    }

    private static ServiceReply reply(CompletionStage<ServiceReply> reply) {
        return reply.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    private double writes(String outcome) {
        return registry.get("alink.connector.writes").tag("outcome", outcome).tag("device", CELL.toString())
                .counter().count();
    }

    private double faults(String kind) {
        return registry.get("alink.connector.faults").tag("kind", kind).tag("device", CELL.toString()).counter()
                .count();
    }
}
