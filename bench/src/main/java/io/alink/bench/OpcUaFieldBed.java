package io.alink.bench;

import io.alink.protocol.DeviceId;
import io.alink.simulator.OpcUaSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * OPC UA for scenario 6: {@code servers} simulators ({@link OpcUaSimulator}, loopback, no security), each serving
 * {@code units × points} generated Int32 variables that all change every tick. Field device {@code u} of a server is
 * its variables {@code u × points} on; each server is read by a connector of its own (one session, one subscription,
 * a data item per variable sampled every {@code poll}). The baseline subscribes to the same with Milo's client alone
 * ({@link OpcUaSubscribeBaseline}).
 */
final class OpcUaFieldBed implements FieldBed {

    /** Far above a loopback round trip: a timeout here would be a fault, not a measurement. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Sizes.Field sizes;
    private final List<OpcUaSimulator> servers = new ArrayList<>();

    OpcUaFieldBed(Sizes.Field sizes) {
        this.sizes = sizes;
    }

    @Override
    public void start() {
        OpcUaSimulator.Settings settings = new OpcUaSimulator.Settings(0, sizes.tick(), Duration.ZERO, null,
                sizes.units() * sizes.points());
        try {
            for (int i = 0; i < sizes.servers(); i++) {
                servers.add(OpcUaSimulator.start(settings));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public String protocol() {
        return "OPC UA";
    }

    @Override
    public String layout() {
        return devices() + " devices (" + sizes.servers() + " servers × " + sizes.units() + " sub-devices) × "
                + sizes.points() + " Int32 variables, all changing every " + sizes.tick().toMillis()
                + " ms, monitored items sampled every " + sizes.poll().toMillis() + " ms, one subscription a server";
    }

    @Override
    public int devices() {
        return sizes.devices();
    }

    @Override
    public List<String> identifiers() {
        return IntStream.range(0, sizes.points()).mapToObj(i -> "V" + i).toList();
    }

    @Override
    public String connectorsYaml(List<DeviceId> subDevices) {
        StringBuilder yaml = new StringBuilder("connectors:\n");
        for (int s = 0; s < servers.size(); s++) {
            OpcUaSimulator server = servers.get(s);
            yaml.append("  - name: field").append(s + 1).append("\n    type: opcua\n    endpoint: ")
                    .append(server.endpoint()).append("\n    security: {policy: None}\n    timeoutMs: ")
                    .append(TIMEOUT.toMillis()).append("\n    devices:\n");
            for (int unit = 0; unit < sizes.units(); unit++) {
                DeviceId device = subDevices.get(s * sizes.units() + unit);
                yaml.append("      - productKey: ").append(device.productKey()).append("\n        deviceName: ")
                        .append(device.deviceName()).append("\n        properties:\n");
                List<NodeId> nodes = nodes(server, unit);
                for (int p = 0; p < nodes.size(); p++) {
                    yaml.append("          - {identifier: V").append(p).append(", node: \"")
                            .append(nodes.get(p).toParseableString()).append("\", samplingMs: ")
                            .append(sizes.poll().toMillis()).append("}\n");
                }
            }
        }
        return yaml.toString();
    }

    @Override
    public double libraryRate(Duration window) {
        List<OpcUaSubscribeBaseline.Server> subscribed = servers.stream().map(server ->
                new OpcUaSubscribeBaseline.Server(server.endpoint(), IntStream.range(0, sizes.units())
                        .mapToObj(unit -> nodes(server, unit)).flatMap(List::stream).toList())).toList();
        return OpcUaSubscribeBaseline.valuesPerSecond(subscribed, sizes.poll(), TIMEOUT, window);
    }

    @Override
    public String libraryBaseline() {
        return "Milo's OPC UA client alone: same servers, same monitored items and sampling, one session and one"
                + " subscription a server, data-change notifications received, no cloud side";
    }

    /** The variables of field device {@code unit} of {@code server}. */
    private List<NodeId> nodes(OpcUaSimulator server, int unit) {
        return IntStream.range(0, sizes.points()).mapToObj(p -> server.generatedNode(unit * sizes.points() + p))
                .toList();
    }

    @Override
    public void close() {
        servers.forEach(OpcUaSimulator::close);
    }
}
