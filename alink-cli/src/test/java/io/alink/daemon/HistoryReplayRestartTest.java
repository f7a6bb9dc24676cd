package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alink.emulator.MessageRecord;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.HistoryPost;
import io.alink.protocol.TimedValue;
import io.alink.protocol.TopicKind;
import io.alink.simulator.ModbusSimulator;
import io.alink.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay-as-history path across a daemon restart: readings journaled while the platform is down stay in the
 * outbox through a stop and a start of the daemon, and reach the platform as history/post with the times they were
 * read, once it is back.
 */
class HistoryReplayRestartTest {

    private static final TestGateways GATEWAYS = TestGateways.of(1, 0, "gwhistory");
    private static final DeviceId SUB = GATEWAYS.subDevicesOf("gwhistory").get(0);
    private static final DeviceId GATEWAY = DeviceId.of(TestGateways.GATEWAY_PK, "gwhistory");

    @TempDir
    Path dir;

    /** One of its own: the test stops and restarts it. */
    @RegisterExtension
    final EmulatorExtension emulator = GATEWAYS.emulator();

    @Test
    void givenReadingsJournaledWhileThePlatformIsDown_whenTheDaemonRestartsAndThePlatformReturns_thenTheyArriveAsHistory()
            throws Exception {
        try (ModbusSimulator simulator = ModbusSimulator.tcp(SimulatorConfig.load(Files.writeString(
                dir.resolve("simulator.yaml"), """
                        devices:
                          - unitId: 1
                            properties:
                              - {identifier: Count, table: input, address: 10, type: uint32, ramp: {from: 0, to: 1000000, step: 1}}
                        """)), 0)) {
            Path yaml = Files.writeString(dir.resolve("gateway.yaml"), GATEWAYS.yaml("gwhistory", emulator.mqttPort(),
                    dir.resolve("store"), connectorYaml(simulator.port())));
            GatewayDaemon first = TestGateways.startDaemon(yaml, dir.resolve("store"));
            Http southbound = new Http(first.southboundUri());
            await().atMost(30, TimeUnit.SECONDS).until(() -> emulator.admin().properties(SUB).containsKey("Count"));

            long down = System.currentTimeMillis();
            emulator.stop();
            // a reading taken while stop() ran may still have gone as pack/post (the more likely, the more loaded the
            // machine); one taken after it cannot have
            long gone = System.currentTimeMillis();
            await().atMost(30, TimeUnit.SECONDS).until(() -> southbound.metric("alink_gateway_messages_queued") >= 5);
            first.close();
            long stopped = System.currentTimeMillis();

            try (GatewayDaemon second = GatewayDaemon.start(GatewayFile.load(yaml), dir.resolve("store"),
                    new LogLines())) {
                emulator.restart();
                Http restarted = new Http(second.southboundUri());
                second.ready().get(60, TimeUnit.SECONDS);
                await().atMost(60, TimeUnit.SECONDS)
                        .until(() -> restarted.metric("alink_gateway_messages_queued") == 0);
            }

            List<TimedValue> outage = history().stream().filter(v -> v.time() >= down && v.time() <= stopped)
                    .toList();
            assertThat(outage).as("readings of the outage, as history/post").hasSizeGreaterThanOrEqualTo(5);
            assertThat(emulator.admin().propertyValues(SUB, "Count")).containsAll(outage);
            assertThat(packedTimes()).as("no reading of the outage went as pack/post")
                    .noneMatch(time -> time >= gone && time <= stopped);
        }
    }

    /** The values of Count in the gateway's history/post messages the platform logged, with their times. */
    private List<TimedValue> history() {
        String topic = AlinkTopic.of(TopicKind.PROPERTY_HISTORY_POST, GATEWAY).topic();
        return messages(topic).stream().flatMap(m -> HistoryPost.parse(AlinkRequest.parse(m.payload()).params())
                .entries().stream()).filter(entry -> entry.device().equals(SUB))
                .flatMap(entry -> entry.properties().stream()).map(snapshot -> snapshot.get("Count"))
                .filter(value -> value != null).toList();
    }

    /** The times of Count in the gateway's pack/post messages the platform logged. */
    private List<Long> packedTimes() {
        String topic = AlinkTopic.of(TopicKind.PROPERTY_PACK_POST, GATEWAY).topic();
        return messages(topic).stream().map(m -> AlinkRequest.parse(m.payload()).params().path("subDevices"))
                .flatMap(list -> StreamSupport.stream(list.spliterator(), false))
                .map(entry -> entry.path("properties").path("Count").path("time"))
                .filter(time -> !time.isMissingNode()).map(time -> time.asLong()).toList();
    }

    private List<MessageRecord> messages(String topic) {
        return emulator.admin().messages(GATEWAY, Integer.MAX_VALUE).stream()
                .filter(m -> m.topic().equals(topic)).toList();
    }

    private static String connectorYaml(int port) {
        return """
                outbox: {historyAfterSeconds: 1}
                connectors: [{name: line1, type: modbus-tcp, host: 127.0.0.1, port: %d, devices: [{productKey: %s,
                  deviceName: %s, unitId: 1, pollMs: 100,
                  properties: [{identifier: Count, table: input, address: 10, type: uint32}]}]}]
                """.formatted(port, SUB.productKey(), SUB.deviceName());
    }
}
