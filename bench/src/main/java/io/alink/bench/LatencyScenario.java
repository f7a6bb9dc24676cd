package io.alink.bench;

import io.alink.emulator.NodeType;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 3: the round trip of a topo/get through the gateway library, one request at a time, against the bare
 * client's round trip through the broker: a message of the same size published to a custom topic it subscribes to.
 */
final class LatencyScenario {

    private static final Logger log = LoggerFactory.getLogger(LatencyScenario.class);
    /** A small topology, so that the reply stays about as small as the request. */
    private static final int TOPOLOGY = 10;

    private final BenchEmulator emulator;
    private final Sizes sizes;

    LatencyScenario(BenchEmulator emulator, Sizes sizes) {
        this.emulator = emulator;
        this.sizes = sizes;
    }

    List<Row> run() {
        log.info("Scenario 3: request latency, {} round trips per run", sizes.latencyRequests());
        List<DeviceId> gateways = emulator.createDevices(NodeType.GATEWAY, 2);
        List<DeviceId> subDevices = emulator.createDevices(NodeType.SUB_DEVICE, 2 * TOPOLOGY);
        try (BenchGateway gateway = BenchGateway.connect(emulator.port(), gateways.get(0), BenchGateway.UNPACED);
             BareClient bare = BareClient.connect(emulator.port(), gateways.get(1)).join()) {
            gateway.client().addTopo(BenchGateway.credentials(subDevices.subList(0, TOPOLOGY))).join();
            bare.addTopo(subDevices.subList(TOPOLOGY, 2 * TOPOLOGY), emulator.limits().topoBatch());
            String echoTopic = AlinkTopic.custom(bare.device(), "bench/echo").topic();
            byte[] echo = AlinkRequest.of("1", TopicKind.TOPO_GET.method(), AlinkJson.object()).toBytes();
            AtomicReference<CompletableFuture<Void>> awaited = new AtomicReference<>();
            bare.onMessage(topic -> awaited.get().complete(null));
            bare.subscribe(echoTopic);
            AlinkTopic topoGet = AlinkTopic.of(TopicKind.TOPO_GET, bare.device());
            double[][] medians = Runs.medians(sizes.warmups(), sizes.repeats(),
                    () -> roundTrips(() -> gateway.client().getTopo()),
                    () -> roundTrips(() -> {
                        CompletableFuture<Void> arrival = new CompletableFuture<>();
                        awaited.set(arrival);
                        bare.publish(echoTopic, echo, 0);
                        return arrival;
                    }),
                    () -> roundTrips(() -> bare.requestAsync(topoGet, AlinkJson.object())));
            String what = " of " + sizes.latencyRequests() + " topo/get round trips (topology of " + TOPOLOGY + ")";
            String baseline = "bare client: publish to a subscribed custom topic until it arrives";
            String[] names = {"p50", "p99", "max"};
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                rows.add(new Row(3, names[i] + what, medians[0][i], medians[1][i], "µs", baseline));
            }
            // the same request and handler on both sides: what is left is the library's own share
            rows.add(new Row(3, "p50" + what + ", against the same request by hand", medians[0][0], medians[2][0],
                    "µs", "bare client: the same topo/get, reply matched by id"));
            return rows;
        }
    }

    /** {p50, p99, max} in microseconds of round trips made one after another. */
    private double[] roundTrips(Supplier<CompletableFuture<?>> roundTrip) {
        long[] nanos = new long[sizes.latencyRequests()];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            roundTrip.get().join();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return new double[] {Runs.percentile(nanos, 50) / 1e3, Runs.percentile(nanos, 99) / 1e3,
                nanos[nanos.length - 1] / 1e3};
    }
}
