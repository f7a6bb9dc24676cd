package io.alink.emulator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.config.ConfigException;
import io.alink.config.ConfigNodes;
import io.alink.config.YamlFiles;
import io.alink.emulator.EmulatorConfig;
import io.alink.emulator.Limits;
import io.alink.emulator.ProductConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Loads an emulator's YAML configuration file.
 *
 * <pre>
 * mqtt: {port: 1883}                 # optional, default 1883; 0 = a free port
 * http: {port: 8080}                 # optional, default 8080; 0 = a free port
 * data: ./emulator-data              # optional
 * tls: {port: 8883, keystore: ./ks.p12, password: changeit}   # optional MQTT TLS listener (port default 8883)
 * limits: {topoBatch: 30, ...}       # each optional, defaults are the platform's; the message log's own bounds:
 *                                    # messageLogSize (messages, 100000), messageLogBytes (bytes, 64 MiB)
 * products: [{productKey, productSecret, nodeType, dynamicRegistration, devices: [{deviceName, deviceSecret}]}]
 * </pre>
 *
 * Relative paths ({@code data}, {@code tls.keystore}) are resolved against the current directory, like paths given
 * on the command line, and returned absolute. Anything unknown or ill-typed is a {@link ConfigException} naming the
 * key's path: a typo must not be silently ignored.
 */
public final class EmulatorConfigLoader {

    public static final int DEFAULT_TLS_PORT = 8883;

    private static final Set<String> ROOT_KEYS = Set.of("mqtt", "http", "data", "tls", "limits", "products");
    private static final Set<String> PORT_KEYS = Set.of("port");
    private static final Set<String> TLS_KEYS = Set.of("port", "keystore", "password");
    private static final Set<String> LIMIT_KEYS = Set.of("topoBatch", "registerBatch", "loginBatch", "maxSubDevices",
            "loginsPerSecond", "maxPayloadBytes", "messageLogSize", "messageLogBytes");

    private static final String EXPECTED =
            "a mapping with keys " + String.join(", ", ROOT_KEYS.stream().sorted().toList());

    private EmulatorConfigLoader() {
    }

    public static EmulatorConfig load(Path file) throws ConfigException {
        return build(file, YamlFiles.read(file, EXPECTED));
    }

    /** {@link #load} of bytes already in hand; {@code file} only names them in messages. */
    static EmulatorConfig parse(Path file, byte[] yaml) throws ConfigException {
        return build(file, YamlFiles.parse(file, yaml, EXPECTED));
    }

    private static EmulatorConfig build(Path file, JsonNode root) throws ConfigException {
        try {
            return build(root);
        } catch (ConfigException e) {
            throw e.inFile(file);
        }
    }

    private static EmulatorConfig build(JsonNode node) throws ConfigException {
        ObjectNode root = ConfigNodes.object(node, "", ROOT_KEYS);
        EmulatorConfig.Builder config = EmulatorConfig.builder()
                .mqttPort(port(root, "mqtt", EmulatorConfig.DEFAULT_MQTT_PORT))
                .httpPort(port(root, "http", EmulatorConfig.DEFAULT_HTTP_PORT));
        String data = ConfigNodes.optionalText(root, "", "data");
        if (data != null) {
            config.dataDir(Path.of(data).toAbsolutePath().normalize());
        }
        if (root.hasNonNull("tls")) {
            ObjectNode tls = ConfigNodes.object(root.get("tls"), "tls", TLS_KEYS);
            int port = ConfigNodes.optionalInt(tls, "tls", "port", DEFAULT_TLS_PORT, 0, 65535);
            String keystore = required(ConfigNodes.optionalText(tls, "tls", "keystore"), "tls.keystore",
                    "a path to a PKCS#12 or JKS keystore");
            String password = required(ConfigNodes.optionalText(tls, "tls", "password"), "tls.password",
                    "the keystore's password");
            Path keystorePath = Path.of(keystore).toAbsolutePath().normalize();
            if (!Files.isReadable(keystorePath)) {
                throw new ConfigException(null, "tls.keystore", "no readable file at " + keystorePath);
            }
            config.mqttTls(port, keystorePath, password);
        }
        config.limits(limits(root));
        Set<String> productKeys = new HashSet<>();
        Iterator<JsonNode> products = ConfigNodes.list(root.get("products"), "products");
        for (int i = 0; products.hasNext(); i++) {
            String path = "products[" + i + "]";
            ProductConfig product = ProductNodes.product(products.next(), path);
            if (!productKeys.add(product.productKey())) {
                throw new ConfigException(null, path + ".productKey", "duplicate productKey '" + product.productKey() + "'");
            }
            config.product(product);
        }
        return config.build();
    }

    private static int port(ObjectNode root, String key, int defaultPort) throws ConfigException {
        if (!root.hasNonNull(key)) {
            return defaultPort;
        }
        ObjectNode listener = ConfigNodes.object(root.get(key), key, PORT_KEYS);
        return ConfigNodes.optionalInt(listener, key, "port", defaultPort, 0, 65535);
    }

    private static Limits limits(ObjectNode root) throws ConfigException {
        Limits d = Limits.PLATFORM;
        if (!root.hasNonNull("limits")) {
            return d;
        }
        ObjectNode limits = ConfigNodes.object(root.get("limits"), "limits", LIMIT_KEYS);
        int max = Integer.MAX_VALUE;
        return new Limits(
                ConfigNodes.optionalInt(limits, "limits", "topoBatch", d.topoBatch(), 1, max),
                ConfigNodes.optionalInt(limits, "limits", "registerBatch", d.registerBatch(), 1, max),
                ConfigNodes.optionalInt(limits, "limits", "loginBatch", d.loginBatch(), 1, max),
                ConfigNodes.optionalInt(limits, "limits", "maxSubDevices", d.maxSubDevices(), 1, max),
                ConfigNodes.optionalInt(limits, "limits", "loginsPerSecond", d.loginsPerSecond(), 0, max),
                ConfigNodes.optionalInt(limits, "limits", "maxPayloadBytes", d.maxPayloadBytes(), 1, max),
                ConfigNodes.optionalInt(limits, "limits", "messageLogSize", d.messageLogSize(), 1, max),
                ConfigNodes.optionalInt(limits, "limits", "messageLogBytes", d.messageLogBytes(), 1, max));
    }

    private static String required(String value, String path, String what) throws ConfigException {
        if (value == null) {
            throw new ConfigException(null, path, "is required (" + what + ")");
        }
        return value;
    }
}
