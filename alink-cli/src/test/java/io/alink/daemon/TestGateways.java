package io.alink.daemon;

import io.alink.emulator.DeviceConfig;
import io.alink.emulator.EmulatorConfig;
import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.DeviceId;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Gateways for the daemon tests, each with its own sub-devices: the products to give an emulator, and a gateway.yaml
 * for each gateway. The last {@code unregistered} sub-devices of a gateway have no secret yet: the daemon registers
 * them with the productSecret. Secrets are derived from names, so that a file can be written for a device without
 * looking it up.
 */
record TestGateways(List<String> gatewayNames, int subDevices, int unregistered) {

    static final String GATEWAY_PK = "a1GwDaemon";
    static final String SUB_PK = "a1SubDaemn";
    static final String SUB_PRODUCT_SECRET = "SubDaemonProductSecret01";

    static TestGateways of(int subDevices, int unregistered, String... gatewayNames) {
        return new TestGateways(List.of(gatewayNames), subDevices, unregistered);
    }

    /** An emulator that knows these gateways and their sub-devices. */
    EmulatorExtension emulator() {
        EmulatorConfig.Builder config = EmulatorConfig.builder();
        products().forEach(config::product);
        return EmulatorExtension.of(config);
    }

    List<ProductConfig> products() {
        List<DeviceConfig> gateways = gatewayNames.stream()
                .map(name -> new DeviceConfig(name, secretOf(name))).toList();
        List<DeviceConfig> subs = gatewayNames.stream().flatMap(gateway -> IntStream.range(0, subDevices)
                .mapToObj(i -> new DeviceConfig(subName(gateway, i), isUnregistered(i) ? null
                        : secretOf(subName(gateway, i))))).toList();
        return List.of(new ProductConfig(GATEWAY_PK, "GwDaemonProductSecret01", NodeType.GATEWAY, false, gateways),
                new ProductConfig(SUB_PK, SUB_PRODUCT_SECRET, NodeType.SUB_DEVICE, true, subs));
    }

    /** A daemon in this JVM for the gateway.yaml {@code file}, once it connected and brought its sub-devices up. */
    static GatewayDaemon startDaemon(Path file, Path store) throws Exception {
        GatewayDaemon daemon = GatewayDaemon.start(GatewayFile.load(file), store, new LogLines());
        daemon.ready().get(60, TimeUnit.SECONDS);
        return daemon;
    }

    List<DeviceId> subDevicesOf(String gateway) {
        return IntStream.range(0, subDevices).mapToObj(i -> DeviceId.of(SUB_PK, subName(gateway, i))).toList();
    }

    /** A gateway.yaml for {@code gateway}; {@code extra} is appended as it is (outbox, reconnect ...). */
    String yaml(String gateway, int mqttPort, Path store, String extra) {
        StringBuilder yaml = new StringBuilder()
                .append("endpoint: {host: 127.0.0.1, port: ").append(mqttPort).append(", tls: false}\n")
                .append("keepaliveSec: 30\n")
                .append("gateway: {productKey: ").append(GATEWAY_PK).append(", deviceName: ").append(gateway)
                .append(", deviceSecret: ").append(secretOf(gateway)).append("}\n")
                .append("store: ").append(store).append('\n')
                .append("reconnect: {minDelayMs: 200, maxDelayMs: 2000}\n")
                // how long a command waits for the test's answer (a fetch and a reply, on a loaded machine too);
                // under the API's 30 s idle timeout, so that a test waiting one out leaves no pooled connection
                // idle for as long as the server keeps it, which would fail the next request on it
                .append("southbound: {host: 127.0.0.1, port: 0, commandTimeoutMs: 20000}\n")
                .append("shutdownGraceMs: 5000\n")
                .append("subDevices:\n");
        for (int i = 0; i < subDevices; i++) {
            String name = subName(gateway, i);
            yaml.append("  - {productKey: ").append(SUB_PK).append(", deviceName: ").append(name)
                    .append(isUnregistered(i) ? ", productSecret: " + SUB_PRODUCT_SECRET
                            : ", deviceSecret: " + secretOf(name)).append("}\n");
        }
        return yaml.append(extra).toString();
    }

    private boolean isUnregistered(int index) {
        return index >= subDevices - unregistered;
    }

    private static String subName(String gateway, int index) {
        return String.format("%s-s%03d", gateway, index);
    }

    private static String secretOf(String name) {
        return "Secret-" + name + "-0123456789abcdef";
    }
}
