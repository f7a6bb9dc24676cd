package io.alink.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alink.daemon.connector.Connector;
import io.alink.daemon.connector.opcua.OpcUaConnectorConfig;
import io.alink.daemon.connector.opcua.OpcUaDeviceConfig;
import io.alink.daemon.connector.opcua.OpcUaSecurity;
import io.alink.protocol.DeviceId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The simulator's generated variables, the benchmark's load, as an OPC UA connector receives them. */
class GeneratedVariablesTest {

    private static final DeviceId DEVICE = DeviceId.of("a1SubPk001", "sub01");
    private static final int COUNT = 3;
    private static final Duration TICK = Duration.ofMillis(100);

    @Test
    void givenGeneratedVariables_whenAConnectorSubscribes_thenEachTickBringsNewCountersOneApart() {
        RecordingUplink uplink = new RecordingUplink();
        try (OpcUaSimulator simulator = OpcUaSimulator.start(new OpcUaSimulator.Settings(0, TICK, Duration.ZERO,
                null, COUNT))) {
            List<OpcUaDeviceConfig.Property> properties = IntStream.range(0, COUNT).mapToObj(i ->
                    new OpcUaDeviceConfig.Property("V" + i, simulator.generatedNode(i), TICK, 0, false)).toList();
            Connector connector = new OpcUaConnectorConfig("generated", simulator.endpoint(), OpcUaSecurity.NONE,
                    null, Duration.ofSeconds(2), 2, Duration.ofMillis(500),
                    List.of(new OpcUaDeviceConfig(DEVICE, properties, List.of(), List.of())))
                    .create(uplink, new SimpleMeterRegistry(), null);
            try {
                connector.start();

                await().atMost(30, TimeUnit.SECONDS).until(() -> uplink.reports(DEVICE).stream()
                        .filter(report -> report.properties().size() == COUNT).count() >= 3);
            } finally {
                connector.close();
            }
            assertThat(simulator.describe()).contains("ns=3;s=Generated.V0 to V2 (3 Int32, changing)");
        }
        List<Map<String, Object>> full = uplink.reports(DEVICE).stream().map(RecordingUplink.Report::properties)
                .filter(properties -> properties.size() == COUNT).toList();
        assertThat(full).allSatisfy(values -> {
            int first = ((Number) values.get("V0")).intValue();
            assertThat(((Number) values.get("V1")).intValue()).isEqualTo(first + 1);
            assertThat(((Number) values.get("V2")).intValue()).isEqualTo(first + 2);
        });
        assertThat(full).extracting(values -> ((Number) values.get("V0")).intValue()).doesNotHaveDuplicates();
    }
}
