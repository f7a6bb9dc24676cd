package io.alink.bench;

import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 1 again, on a bare HiveMQ CE ({@link BareBroker}) with nothing of the platform: the gateway library and
 * the bare client each publish their gateway's own property posts, counted where the broker receives them. With
 * no message log or platform handler in the way, what differs between the two is the library's own cost.
 */
final class GatewayCostScenario {

    private static final Logger log = LoggerFactory.getLogger(GatewayCostScenario.class);
    private static final String PRODUCT = "benchBarePk";
    private static final int PAYLOADS = 1000;

    private final Sizes sizes;

    GatewayCostScenario(Sizes sizes) {
        this.sizes = sizes;
    }

    List<Row> run(BareBroker broker) {
        log.info("Scenario 1 on the bare broker: {} messages per run", sizes.uplinkMessages());
        DeviceId viaLibrary = DeviceId.of(PRODUCT, "gw-library");
        DeviceId viaBare = DeviceId.of(PRODUCT, "gw-bare");
        String libraryTopic = AlinkTopic.of(TopicKind.PROPERTY_POST, viaLibrary).topic();
        String bareTopic = AlinkTopic.of(TopicKind.PROPERTY_POST, viaBare).topic();
        byte[][] payloads = IntStream.range(0, PAYLOADS).mapToObj(i -> new AlinkRequest(Integer.toString(i),
                AlinkRequest.VERSION, AlinkJson.object().put("Temperature", 20 + i % 100 / 10.0)
                .put("Humidity", 40 + i % 50), TopicKind.PROPERTY_POST.method(), 0).toBytes())
                .toArray(byte[][]::new);
        try (BenchGateway gateway = BenchGateway.connect(broker.port(), viaLibrary, BenchGateway.UNPACED);
             BareClient bare = BareClient.connect(broker.port(), viaBare).join()) {
            List<Row> rows = new ArrayList<>();
            for (int qos = 0; qos <= 1; qos++) {
                int q = qos;
                double[] rates = Runs.medians(sizes.warmups(), sizes.repeats(),
                        () -> rate("library QoS " + q, i -> gateway.client().publish(libraryTopic, payloads[i % PAYLOADS], q), broker),
                        () -> rate("bare QoS " + q, i -> bare.publish(bareTopic, payloads[i % PAYLOADS], q), broker));
                rows.add(new Row(1, "uplink QoS " + q + " on a bare HiveMQ CE (no platform): the gateway's property"
                        + " posts (" + payloads[0].length + " B), GatewayClient.publish, counted by the broker",
                        rates[0], rates[1], "msg/s", "bare HiveMQ client, same topic form and payloads"));
            }
            return rows;
        }
    }

    /**
     * One run's rate; its CPU per message goes to the log, since on a shared machine the rate alone also measures the
     * neighbours. The CPU is the whole process's (the broker included, the same for both senders) and the senders'
     * side's alone (every thread but the broker's).
     */
    private double rate(String who, IntFunction<CompletableFuture<?>> send, BareBroker broker) {
        CpuTime before = CpuTime.now();
        double rate = Throughput.measure(sizes.uplinkMessages(), sizes.window(), send, broker::publishesReceived);
        CpuTime used = CpuTime.now().minus(before);
        log.info("{}: {} msg/s, CPU per message {} µs (process), {} µs (senders' side: bench thread {}, MQTT client {},"
                + " library threads {})", who, Math.round(rate), perMessage(used.process()),
                perMessage(used.senders()), perMessage(used.bench()), perMessage(used.mqttClient()),
                perMessage(used.library()));
        return rate;
    }

    private String perMessage(long cpuNanos) {
        return String.format("%.1f", cpuNanos / 1e3 / sizes.uplinkMessages());
    }
}
