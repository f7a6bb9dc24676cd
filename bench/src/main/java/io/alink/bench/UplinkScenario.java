package io.alink.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.NodeType;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 1: property posts of many logged-in sub-devices, in messages per second as the emulator logs them.
 * The gateway library and the bare client each carry their own sub-devices (a device has one gateway), so both
 * publish the same kind of topic with the same payloads to the same broker.
 */
final class UplinkScenario {

    private static final Logger log = LoggerFactory.getLogger(UplinkScenario.class);
    /** Distinct payloads cycled through: enough that nothing is cached, few enough to build up front. */
    private static final int PAYLOADS = 1000;

    private final BenchEmulator emulator;
    private final Sizes sizes;

    UplinkScenario(BenchEmulator emulator, Sizes sizes) {
        this.emulator = emulator;
        this.sizes = sizes;
    }

    List<Row> run() {
        int n = sizes.uplinkSubDevices();
        log.info("Scenario 1: uplink, {} sub-devices, {} messages per run", n, sizes.uplinkMessages());
        List<DeviceId> gateways = emulator.createDevices(NodeType.GATEWAY, 2);
        List<DeviceId> subDevices = emulator.createDevices(NodeType.SUB_DEVICE, 2 * n);
        List<DeviceId> viaLibrary = subDevices.subList(0, n);
        List<DeviceId> viaBare = subDevices.subList(n, 2 * n);
        // sys.ack 0: a pure uplink, no reply coming back to either side
        byte[][] payloads = IntStream.range(0, PAYLOADS).mapToObj(i -> new AlinkRequest(Integer.toString(i),
                AlinkRequest.VERSION, params(i), TopicKind.PROPERTY_POST.method(), 0).toBytes()).toArray(byte[][]::new);
        List<String> libraryTopics = postTopics(viaLibrary);
        List<String> bareTopics = postTopics(viaBare);
        try (BenchGateway gateway = BenchGateway.connect(emulator.port(), gateways.get(0), BenchGateway.UNPACED);
             BareClient bare = BareClient.connect(emulator.port(), gateways.get(1)).join()) {
            gateway.bringUp(BenchGateway.credentials(viaLibrary));
            bare.addTopo(viaBare, emulator.limits().topoBatch());
            bare.login(viaBare, emulator.limits().loginBatch());
            List<Row> rows = new ArrayList<>();
            for (int qos = 0; qos <= 1; qos++) {
                int q = qos;
                double[] rates = Runs.medians(sizes.warmups(), sizes.repeats(),
                        () -> rate(i -> gateway.client().publish(libraryTopics.get(i % n), payloads[i % PAYLOADS], q)),
                        () -> rate(i -> bare.publish(bareTopics.get(i % n), payloads[i % PAYLOADS], q)));
                rows.add(new Row(1, "uplink QoS " + q + ": property posts (" + payloads[0].length + " B, sys.ack 0) of "
                        + n + " sub-devices, GatewayClient.publish", rates[0], rates[1], "msg/s",
                        "bare HiveMQ client, same topics and payloads"));
            }
            double[] rates = Runs.medians(sizes.warmups(), sizes.repeats(),
                    () -> rate(i -> gateway.client().postProperties(viaLibrary.get(i % n), properties(i))),
                    () -> rate(i -> bare.requestAsync(AlinkTopic.of(TopicKind.PROPERTY_POST, viaBare.get(i % n)),
                            params(i))));
            rows.add(new Row(1, "uplink request/reply: postProperties of " + n + " sub-devices, "
                    + sizes.window() + " awaiting their reply", rates[0], rates[1], "msg/s",
                    "bare HiveMQ client, same requests, reply matched by id"));
            return rows;
        }
    }

    private double rate(IntFunction<CompletableFuture<?>> send) {
        return Throughput.measure(sizes.uplinkMessages(), sizes.window(), send, emulator::messagesLogged);
    }

    private static List<String> postTopics(List<DeviceId> devices) {
        return devices.stream().map(d -> AlinkTopic.of(TopicKind.PROPERTY_POST, d).topic()).toList();
    }

    /** About 100 bytes once in an envelope, like a sensor's periodic report. */
    private static Map<String, Object> properties(int i) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Temperature", 20 + i % 100 / 10.0);
        properties.put("Humidity", 40 + i % 50);
        return properties;
    }

    private static JsonNode params(int i) {
        return AlinkJson.MAPPER.valueToTree(properties(i));
    }
}
