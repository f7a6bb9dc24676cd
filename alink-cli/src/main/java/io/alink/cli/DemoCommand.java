package io.alink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.alink.emulator.DeviceConfig;
import io.alink.emulator.Emulator;
import io.alink.emulator.EmulatorConfig;
import io.alink.emulator.ProductConfig;
import io.alink.emulator.config.DemoProducts;
import io.alink.gateway.GatewayConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
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
                "Exit status 0 when every step succeeded (or was skipped), 1 otherwise, 2 for a bad command line."})
final class DemoCommand implements Callable<Integer> {

    private static final Set<String> KEYS = Set.of("endpoint", "region", "keepaliveSec", "gateway", "subDevices",
            "register", "topic", "admin", "caFile", "registerUrl");
    private static final Set<String> GATEWAY_KEYS = Set.of("productKey", "deviceName", "deviceSecret", "productSecret");
    private static final Set<String> ENDPOINT_KEYS = Set.of("host", "port", "tls");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "gateway.yaml: endpoint and identities.")
    Path configFile;

    @Option(names = "--store", paramLabel = "DIR",
            description = "The gateway's store (default: a temporary folder without -c, else ~/.alink/gateway).")
    Path store;

    @Option(names = "--service-wait", paramLabel = "SECONDS", defaultValue = "15",
            description = "Without an admin API, how long to wait for a service call from the cloud (default 15).")
    int serviceWaitSeconds;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration serviceWait = Duration.ofSeconds(Math.max(0, serviceWaitSeconds));
        if (configFile != null) {
            DemoWalkthrough.Settings settings;
            try {
                settings = fromFile(configFile, store != null ? store : GatewayConfig.defaultStoreDir(), serviceWait);
            } catch (IllegalArgumentException | IOException e) {
                err.println("alink demo: " + configFile + ": " + e.getMessage());
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
        try (Emulator emulator = Emulator.start(config.build())) {
            out.println("alink demo: embedded emulator, MQTT tcp://127.0.0.1:" + emulator.mqttPort() + ", admin "
                    + emulator.httpUri());
            DemoWalkthrough.Settings settings = embedded(emulator, temporary != null ? temporary : store, serviceWait);
            return new DemoWalkthrough(settings, out).run() ? 0 : 1;
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

    private static String secretOf(String productKey, String deviceName) {
        return product(productKey).devices().stream().filter(d -> d.deviceName().equals(deviceName))
                .map(DeviceConfig::deviceSecret).findFirst().orElseThrow();
    }

    /** Reads gateway.yaml; every problem is an IllegalArgumentException naming its key. */
    static DemoWalkthrough.Settings fromFile(Path file, Path store, Duration serviceWait) throws IOException {
        JsonNode root = YAML.readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a mapping with at least 'gateway' and 'topic'");
        }
        requireOnly(root, KEYS, "");
        Map<String, Object> connect = new LinkedHashMap<>(map(root.get("gateway"), GATEWAY_KEYS, "gateway"));
        for (String key : List.of("productKey", "deviceName")) {
            if (!(connect.get(key) instanceof String)) {
                throw new IllegalArgumentException("gateway." + key + " is required");
            }
        }
        if (!connect.containsKey("deviceSecret") && !connect.containsKey("productSecret")) {
            throw new IllegalArgumentException("gateway.deviceSecret (or gateway.productSecret) is required");
        }
        if (root.has("endpoint")) {
            Map<String, Object> endpoint = map(root.get("endpoint"), ENDPOINT_KEYS, "endpoint");
            if (!(endpoint.get("host") instanceof String) || !(endpoint.get("port") instanceof Integer)) {
                throw new IllegalArgumentException("endpoint needs host and port");
            }
            connect.put("endpoint", endpoint);
        }
        for (String key : List.of("region", "caFile", "registerUrl")) {
            if (root.has(key)) {
                connect.put(key, text(root, key));
            }
        }
        if (root.has("keepaliveSec")) {
            if (!root.get("keepaliveSec").canConvertToInt()) {
                throw new IllegalArgumentException("keepaliveSec must be a number of seconds");
            }
            connect.put("keepaliveSec", root.get("keepaliveSec").asInt());
        }
        String topic = text(root, "topic");
        URI admin = root.has("admin") ? URI.create(text(root, "admin")) : null;
        return new DemoWalkthrough.Settings(connect, list(root.get("subDevices"), "subDevices"),
                list(root.get("register"), "register"), topic, admin, serviceWait, store);
    }

    private static void requireOnly(JsonNode object, Set<String> allowed, String path) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown key '" + path + name + "'; known: " + allowed);
            }
        }
    }

    private static Map<String, Object> map(JsonNode node, Set<String> allowed, String path) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(path + " must be a mapping");
        }
        requireOnly(node, allowed, path + ".");
        @SuppressWarnings("unchecked")
        Map<String, Object> map = YAML.convertValue(node, Map.class);
        return map;
    }

    private static List<Map<String, Object>> list(JsonNode node, String path) {
        List<Map<String, Object>> entries = new ArrayList<>();
        if (node == null) {
            return entries;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(path + " must be a list");
        }
        for (int i = 0; i < node.size(); i++) {
            entries.add(map(node.get(i), GATEWAY_KEYS, path + "[" + i + "]"));
        }
        return entries;
    }

    private static String text(JsonNode root, String key) {
        JsonNode value = root.get(key);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(key + " is required and must be text");
        }
        return value.asText();
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
