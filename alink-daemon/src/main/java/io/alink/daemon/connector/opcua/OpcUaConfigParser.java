package io.alink.daemon.connector.opcua;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.config.ConfigException;
import io.alink.config.ConfigNodes;
import io.alink.daemon.connector.ConnectorKeys;
import io.alink.protocol.DeviceId;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/** An {@code opcua} entry of {@code connectors}, every key checked. */
public final class OpcUaConfigParser {

    public static final String TYPE = "opcua";

    private static final Set<String> CONNECTOR_KEYS = Set.of("name", "type", "endpoint", "security", "auth",
            "timeoutMs", "maxFailedChecks", "maxRetryDelayMs", "devices");
    private static final Set<String> SECURITY_KEYS = Set.of("policy", "mode", "trustDir", "trustAll");
    private static final Set<String> AUTH_KEYS = Set.of("username", "password");
    private static final Set<String> DEVICE_KEYS = Set.of("productKey", "deviceName", "properties", "services",
            "events");
    private static final Set<String> PROPERTY_KEYS = Set.of("identifier", "node", "samplingMs", "deadband",
            "writable");
    private static final Set<String> SERVICE_KEYS = Set.of("identifier", "object", "method");
    private static final Set<String> EVENT_KEYS = Set.of("identifier", "notifier", "fields");
    /** The BaseEventType fields an event can carry up, in the order OPC UA lists them. */
    static final List<String> EVENT_FIELDS = List.of("EventId", "EventType", "SourceNode", "SourceName", "Time",
            "ReceiveTime", "Message", "Severity");
    static final List<String> DEFAULT_EVENT_FIELDS = List.of("Message", "Severity");
    private static final Duration DEFAULT_SAMPLING = Duration.ofSeconds(1);
    private static final int MIN_SAMPLING_MS = 10;

    private OpcUaConfigParser() {
    }

    public static OpcUaConnectorConfig parse(ObjectNode node, String path, Set<DeviceId> subDevices)
            throws ConfigException {
        ConfigNodes.object(node, path, CONNECTOR_KEYS);
        return new OpcUaConnectorConfig(node.get("name").asText(), endpoint(node, path),
                security(node.get("security"), ConfigNodes.at(path, "security")),
                auth(node.get("auth"), ConfigNodes.at(path, "auth")),
                ConnectorKeys.optionalMillis(node, path, "timeoutMs", OpcUaConnectorConfig.DEFAULT_TIMEOUT, 1),
                ConfigNodes.optionalInt(node, path, "maxFailedChecks",
                        OpcUaConnectorConfig.DEFAULT_MAX_FAILED_CHECKS, 1, 1000),
                ConnectorKeys.optionalMillis(node, path, "maxRetryDelayMs",
                        OpcUaConnectorConfig.DEFAULT_MAX_RETRY_DELAY, MIN_SAMPLING_MS),
                devices(node.get("devices"), ConfigNodes.at(path, "devices"), subDevices));
    }

    private static String endpoint(ObjectNode node, String path) throws ConfigException {
        String endpoint = ConfigNodes.optionalText(node, path, "endpoint");
        String expected = "an opc.tcp:// URL such as opc.tcp://127.0.0.1:4840/sim";
        if (endpoint == null) {
            throw new ConfigException(null, ConfigNodes.at(path, "endpoint"), "is required (" + expected + ")");
        }
        try {
            URI uri = new URI(endpoint);
            if ("opc.tcp".equals(uri.getScheme()) && uri.getHost() != null && uri.getUserInfo() == null) {
                return endpoint;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw new ConfigException(null, ConfigNodes.at(path, "endpoint"), "expected " + expected);
    }

    private static OpcUaSecurity security(JsonNode node, String path) throws ConfigException {
        if (node == null || node.isNull()) {
            return OpcUaSecurity.NONE;
        }
        ObjectNode security = ConfigNodes.object(node, path, SECURITY_KEYS);
        SecurityPolicy policy = ConnectorKeys.choice(security, path, "policy", OpcUaSecurity.POLICIES, Enum::name,
                null);
        if (policy == SecurityPolicy.None) {
            for (String key : List.of("mode", "trustDir", "trustAll")) {
                if (security.hasNonNull(key)) {
                    throw new ConfigException(null, ConfigNodes.at(path, key), "applies to Basic256Sha256 only;"
                            + " policy None neither signs nor checks certificates");
                }
            }
            return OpcUaSecurity.NONE;
        }
        MessageSecurityMode mode = ConnectorKeys.choice(security, path, "mode", OpcUaSecurity.MODES, Enum::name,
                MessageSecurityMode.SignAndEncrypt);
        boolean trustAll = ConfigNodes.optionalBoolean(security, path, "trustAll", false);
        String trustDir = ConfigNodes.optionalText(security, path, "trustDir");
        if (trustAll == (trustDir != null)) {
            throw new ConfigException(null, path, trustAll ? "trustDir and trustAll: true exclude each other"
                    : "needs trustDir (a folder with the server's certificate) or, to trust any server,"
                    + " trustAll: true");
        }
        Path dir = trustDir == null ? null : Path.of(trustDir).toAbsolutePath().normalize();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new ConfigException(null, ConfigNodes.at(path, "trustDir"), "is not a folder: " + dir);
        }
        return new OpcUaSecurity(policy, mode, dir, trustAll);
    }

    private static OpcUaConnectorConfig.Auth auth(JsonNode node, String path) throws ConfigException {
        if (node == null || node.isNull()) {
            return null;
        }
        ObjectNode auth = ConfigNodes.object(node, path, AUTH_KEYS);
        String username = ConfigNodes.optionalText(auth, path, "username");
        String password = ConfigNodes.optionalText(auth, path, "password");
        if (username == null || password == null) {
            throw new ConfigException(null, path, "needs username and password (leave auth out for anonymous)");
        }
        return new OpcUaConnectorConfig.Auth(username, password);
    }

    private static List<OpcUaDeviceConfig> devices(JsonNode node, String path, Set<DeviceId> subDevices)
            throws ConfigException {
        return ConnectorKeys.devices(node, path, DEVICE_KEYS, subDevices, (device, entryPath, id) -> {
            Set<String> identifiers = new HashSet<>();
            OpcUaDeviceConfig config = new OpcUaDeviceConfig(id,
                    list(device, entryPath, "properties", PROPERTY_KEYS, identifiers, OpcUaConfigParser::property),
                    list(device, entryPath, "services", SERVICE_KEYS, identifiers, OpcUaConfigParser::service),
                    list(device, entryPath, "events", EVENT_KEYS, identifiers, OpcUaConfigParser::event));
            if (identifiers.isEmpty()) {
                throw new ConfigException(null, entryPath, "maps nothing: expected properties, services or events");
            }
            return config;
        });
    }

    /** One entry of a device's list, its keys and identifier checked already. */
    @FunctionalInterface
    private interface Entry<T> {
        T parse(ObjectNode entry, String path) throws ConfigException;
    }

    /** A device's list of properties, services or events; identifiers are unique across all three (Alink's rule). */
    private static <T> List<T> list(ObjectNode device, String devicePath, String key, Set<String> allowedKeys,
                                    Set<String> identifiers, Entry<T> entry) throws ConfigException {
        List<T> parsed = new ArrayList<>();
        String path = ConfigNodes.at(devicePath, key);
        Iterator<JsonNode> entries = ConfigNodes.list(device.get(key), path);
        for (int i = 0; entries.hasNext(); i++) {
            String entryPath = path + "[" + i + "]";
            ObjectNode node = ConfigNodes.object(entries.next(), entryPath, allowedKeys);
            String identifier = ConnectorKeys.identifier(node, entryPath, "identifier");
            if (!identifiers.add(identifier)) {
                throw new ConfigException(null, ConfigNodes.at(entryPath, "identifier"), "another property, service"
                        + " or event of this device has identifier " + identifier);
            }
            parsed.add(entry.parse(node, entryPath));
        }
        return parsed;
    }

    private static OpcUaDeviceConfig.Property property(ObjectNode node, String path) throws ConfigException {
        double deadband = ConnectorKeys.optionalDouble(node, path, "deadband", 0.0);
        if (deadband < 0) {
            throw new ConfigException(null, ConfigNodes.at(path, "deadband"), "expected a number from 0 up");
        }
        return new OpcUaDeviceConfig.Property(node.get("identifier").asText(), nodeId(node, path, "node"),
                ConnectorKeys.optionalMillis(node, path, "samplingMs", DEFAULT_SAMPLING, MIN_SAMPLING_MS), deadband,
                ConfigNodes.optionalBoolean(node, path, "writable", false));
    }

    private static OpcUaDeviceConfig.Service service(ObjectNode node, String path) throws ConfigException {
        return new OpcUaDeviceConfig.Service(node.get("identifier").asText(), nodeId(node, path, "object"),
                nodeId(node, path, "method"));
    }

    private static OpcUaDeviceConfig.Event event(ObjectNode node, String path) throws ConfigException {
        List<String> fields = DEFAULT_EVENT_FIELDS;
        if (node.hasNonNull("fields")) {
            fields = new ArrayList<>();
            Iterator<JsonNode> entries = ConfigNodes.list(node.get("fields"), ConfigNodes.at(path, "fields"));
            for (int i = 0; entries.hasNext(); i++) {
                JsonNode field = entries.next();
                if (!field.isTextual() || !EVENT_FIELDS.contains(field.asText()) || fields.contains(field.asText())) {
                    throw new ConfigException(null, ConfigNodes.at(path, "fields") + "[" + i + "]", "expected one"
                            + " of " + String.join(", ", EVENT_FIELDS) + ", each once");
                }
                fields.add(field.asText());
            }
        }
        return new OpcUaDeviceConfig.Event(node.get("identifier").asText(), nodeId(node, path, "notifier"), fields);
    }

    private static NodeId nodeId(ObjectNode node, String path, String key) throws ConfigException {
        String text = ConfigNodes.optionalText(node, path, key);
        NodeId id = text == null ? null : NodeId.parseOrNull(text);
        if (id == null) {
            throw new ConfigException(null, ConfigNodes.at(path, key), (text == null ? "is required: " : "expected ")
                    + "a node id such as ns=2;s=Cell7.Temperature or ns=0;i=2253");
        }
        return id;
    }
}
