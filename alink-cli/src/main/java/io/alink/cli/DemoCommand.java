package io.alink.cli;

import io.alink.daemon.GatewayFile;
import io.alink.emulator.DeviceConfig;
import io.alink.emulator.Emulator;
import io.alink.emulator.EmulatorConfig;
import io.alink.emulator.ProductConfig;
import io.alink.config.ConfigException;
import io.alink.emulator.config.DemoProducts;
import io.alink.gateway.GatewayConfig;
import io.alink.dist.LogLevelOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code alink demo}: the seed document's walk-through with the seed-compatible {@code Gateway}, one line per step.
 * Without {@code -c} it runs against an embedded emulator with the demo products; with {@code -c gateway.yaml}
 * against any endpoint and identities. Exit status 0 only when no step failed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Walks through every method and event of the HaaS Gateway API, one line per step.",
                "Without -c: against an embedded emulator on free loopback ports, with the demo products.",
                "With -c FILE: against the endpoint and identities of a gateway.yaml (see README).",
                "With --field: the field walk-through (a simulated Modbus device and OPC UA server read by the daemon's"
                        + " connectors).",
                "Exit status 0 when every step succeeded (or was skipped), 1 otherwise, 2 for a bad command line."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LogLevelOption logLevel;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "gateway.yaml: endpoint and identities.")
    Path configFile;

    @Option(names = "--store", paramLabel = "DIR",
            description = "The gateway's store (default: a temporary folder without -c, else the file's 'store',"
                    + " else ~/.alink/gateway).")
    Path store;

    @Option(names = "--field",
            description = "The field walk-through instead: a simulated Modbus device and OPC UA server, the daemon"
                    + " reading them, readings arriving at the embedded emulator, a property set landing in a register"
                    + " and a service call running an OPC UA method.")
    boolean field;

    @Option(names = "--service-wait", paramLabel = "SECONDS", defaultValue = "15",
            description = "Without an admin API, how long to wait for a service call from the cloud (default 15).")
    int serviceWaitSeconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration serviceWait = Duration.ofSeconds(Math.max(0, serviceWaitSeconds));
        if (configFile != null && field) {
            err.println("alink demo: --field runs against the embedded emulator; leave out -c");
            err.flush();
            return AlinkCli.EXIT_USAGE;
        }
        if (configFile != null) {
            DemoWalkthrough.Settings settings;
            try {
                settings = fromFile(configFile, store, serviceWait);
            } catch (ConfigException e) {
                err.println("alink demo: " + e.getMessage());
                err.flush();
                return AlinkCli.EXIT_USAGE;
            }
            out.println("alink demo: gateway " + settings.connectInfo().get("productKey") + "/"
                    + settings.connectInfo().get("deviceName") + " as configured in " + configFile);
            return new DemoWalkthrough(settings, out).run() ? 0 : 1;
        }
        Path temporary = store == null ? Files.createTempDirectory("alink-demo-") : null;
        EmulatorConfig.Builder config = EmulatorConfig.builder().mqttPort(0).httpPort(0);
        DemoProducts.products().forEach(config::product);
        try {
            Emulator emulator = Emulator.start(config.build());
            // the demo's process ends after it: the broker's threads need not be waited for
            try {
                out.println("alink demo: embedded emulator, MQTT tcp://127.0.0.1:" + emulator.mqttPort() + ", admin "
                        + emulator.httpUri());
                if (field) {
                    return new FieldDemo(emulator, temporary != null ? temporary : store, out).run() ? 0 : 1;
                }
                DemoWalkthrough.Settings settings = embedded(emulator, temporary != null ? temporary : store,
                        serviceWait);
                return new DemoWalkthrough(settings, out).run() ? 0 : 1;
            } finally {
                emulator.closeBeforeExit();
            }
        } finally {
            deleteQuietly(temporary);
        }
    }

    /** The demo products: gateway gw01, sub-devices sub01 and sub02, sub03 to register. */
    private static DemoWalkthrough.Settings embedded(Emulator emulator, Path store, Duration serviceWait) {
        String gatewayPk = DemoProducts.GATEWAY_PRODUCT_KEY;
        String subPk = DemoProducts.SUB_DEVICE_PRODUCT_KEY;
        Map<String, Object> connect = new LinkedHashMap<>();
        connect.put("region", GatewayConfig.DEFAULT_REGION);
        connect.put("productKey", gatewayPk);
        connect.put("deviceName", "gw01");
        connect.put("deviceSecret", secretOf(gatewayPk, "gw01"));
        connect.put("keepaliveSec", GatewayConfig.DEFAULT_KEEPALIVE_SECONDS);
        connect.put("endpoint", Map.of("host", "127.0.0.1", "port", emulator.mqttPort(), "tls", false));
        List<Map<String, Object>> subDevices = Stream.of("sub01", "sub02")
                .map(dn -> Map.<String, Object>of("productKey", subPk, "deviceName", dn, "deviceSecret",
                        secretOf(subPk, dn)))
                .toList();
        List<Map<String, Object>> register = List.of(Map.of("productKey", subPk, "deviceName", "sub03",
                "productSecret", product(subPk).productSecret()));
        return new DemoWalkthrough.Settings(connect, subDevices, register, "/" + gatewayPk + "/gw01/user/aos_test",
                URI.create(emulator.httpUri()), serviceWait, store);
    }

    private static ProductConfig product(String productKey) {
        return DemoProducts.products().stream().filter(p -> p.productKey().equals(productKey)).findFirst()
                .orElseThrow();
    }

    static String secretOf(String productKey, String deviceName) {
        return product(productKey).devices().stream().filter(d -> d.deviceName().equals(deviceName))
                .map(DeviceConfig::deviceSecret).findFirst().orElseThrow();
    }

    /** The demo's settings from a gateway.yaml; the demo needs its {@code topic}, which the daemon does not. */
    private static DemoWalkthrough.Settings fromFile(Path file, Path store, Duration serviceWait) throws ConfigException {
        GatewayFile config = GatewayFile.load(file);
        if (config.topic() == null) {
            throw new ConfigException(file, "topic", "is required by the demo (a topic of the gateway to publish"
                    + " and subscribe to)");
        }
        Path storeDir = store != null ? store
                : config.store() != null ? config.store() : GatewayConfig.defaultStoreDir();
        return new DemoWalkthrough.Settings(connectInfo(config), maps(config.subDevices()), maps(config.register()),
                config.topic(), config.admin(), serviceWait, storeDir);
    }

    /** The map the seed's {@code Gateway.connect} takes. */
    private static Map<String, Object> connectInfo(GatewayFile config) {
        Map<String, Object> connect = new LinkedHashMap<>(map(config.gateway()));
        connect.put("region", config.region());
        connect.put("keepaliveSec", config.keepAliveSeconds());
        if (config.endpoint() != null) {
            connect.put("endpoint", Map.of("host", config.endpoint().host(), "port", config.endpoint().port(),
                    "tls", config.endpoint().tls()));
        }
        if (config.caFile() != null) {
            connect.put("caFile", config.caFile().toString());
        }
        if (config.registerUrl() != null) {
            connect.put("registerUrl", config.registerUrl().toString());
        }
        return connect;
    }

    private static List<Map<String, Object>> maps(List<GatewayFile.Device> devices) {
        return devices.stream().map(DemoCommand::map).toList();
    }

    /** A device as the seed's list methods take it: only the keys that have a value. */
    private static Map<String, Object> map(GatewayFile.Device device) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("productKey", device.id().productKey());
        map.put("deviceName", device.id().deviceName());
        if (device.deviceSecret() != null) {
            map.put("deviceSecret", device.deviceSecret());
        }
        if (device.productSecret() != null) {
            map.put("productSecret", device.productSecret());
        }
        return map;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
