package io.alink.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.config.ConfigException;
import io.alink.config.ConfigNodes;
import io.alink.config.YamlFiles;
import io.alink.daemon.connector.ConnectorConfig;
import io.alink.daemon.connector.ConnectorConfigs;
import io.alink.gateway.Endpoint;
import io.alink.gateway.GatewayConfig;
import io.alink.gateway.outbox.OutboxLimits;
import io.alink.protocol.DeviceId;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A gateway.yaml, the one file {@code alink demo -c} and {@code alink gateway -c} both read: where to connect, the
 * gateway's identity and its sub-devices, and the daemon's own settings (store, outbox, reconnect, southbound API),
 * which the demo ignores, so one file serves both.
 *
 * <p>Every key is checked: an unknown or ill-typed one is a {@link ConfigException} naming the file, the key's path
 * and what was expected, never the value (it may be a secret). Relative paths are resolved against the current
 * directory, like paths on the command line.
 *
 * @param endpoint      null for the platform's host of the region
 * @param caFile        null for the JDK trust store
 * @param registerUrl   null for the platform's HTTPS registration endpoint of the region
 * @param subDevices    the gateway's sub-devices; each has a deviceSecret, or a productSecret to register with
 * @param register      the demo's registerSubDevice list
 * @param topic         the demo's custom topic; null when not given
 * @param admin         the demo's emulator admin API; null when not given
 * @param store         null when not given (each command has its default)
 * @param historyAfter  how old a journaled message may be and still go as it is; older goes as history/post
 * @param connectors    the field connectors that read sub-devices (Modbus ...); empty when none
 * @param logging       the daemon's log level and file; {@link LogSettings#DEFAULT} when not given
 * @param ota           the firmware update hook and the versions informed at bring-up
 * @param instance      the platform instance (instanceId) and the answer window of sync calls
 */
public record GatewayFile(Path file, Device gateway, Endpoint endpoint, String region, int keepAliveSeconds,
                          Path caFile, URI registerUrl, List<Device> subDevices, List<Device> register, String topic,
                          URI admin, Path store, OutboxLimits outbox, Duration historyAfter, Reconnect reconnect,
                          Southbound southbound, Duration shutdownGrace, List<ConnectorConfig> connectors,
                          LogSettings logging, OtaSettings ota, PlatformInstance instance) {

    /** The platform's limit on sub-devices per gateway. */
    public static final int MAX_SUB_DEVICES = 2000;
    public static final int DEFAULT_SOUTHBOUND_PORT = 8765;
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
    public static final Reconnect DEFAULT_RECONNECT = new Reconnect(GatewayConfig.DEFAULT_RECONNECT_MIN_DELAY,
            GatewayConfig.DEFAULT_RECONNECT_MAX_DELAY);

    private static final Set<String> ROOT_KEYS = Stream.concat(Stream.of("endpoint", "region",
            "keepaliveSec", "gateway", "subDevices", "register", "topic", "admin", "caFile", "registerUrl", "store",
            "outbox", "reconnect", "southbound", "shutdownGraceMs", ConnectorConfigs.KEY, LogSettings.KEY,
            OtaSettings.KEY), PlatformInstance.KEYS.stream()).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> DEVICE_KEYS = Set.of("productKey", "deviceName", "deviceSecret", "productSecret");
    private static final Set<String> SUB_DEVICE_KEYS = Set.of("productKey", "deviceName", "deviceSecret",
            "productSecret", OtaSettings.VERSION);
    private static final Set<String> ENDPOINT_KEYS = Set.of("host", "port", "tls");
    private static final Set<String> OUTBOX_KEYS = Set.of("maxBytes", "maxAgeHours", "historyAfterSeconds");
    private static final int MAX_HISTORY_AFTER_SECONDS = 24 * 3600;
    private static final Set<String> RECONNECT_KEYS = Set.of("minDelayMs", "maxDelayMs");
    private static final Set<String> SOUTHBOUND_KEYS = Set.of("host", "port", "commandTimeoutMs", "token");
    private static final int MAX_MILLIS = 24 * 3600 * 1000;
    private static final String EXPECTED = "a mapping with at least 'gateway'";
    /**
     * A 127/8 address or anything shaped like an IPv6 literal: InetAddress reads both without asking DNS (an IPv4
     * octet over 255, or a first character other than a hex digit or ':', would send it to DNS).
     */
    /** RFC 6750's b64token, long enough not to be guessed. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]{16,}=*");
    private static final Pattern ADDRESS_LITERAL = Pattern.compile(
            "127(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}|\\[?[0-9A-Fa-f]*:[0-9A-Fa-f:.]*]?");

    public GatewayFile {
        subDevices = List.copyOf(subDevices);
        register = List.copyOf(register);
        connectors = List.copyOf(connectors);
    }

    /** A device of the file: its id and the secrets it was given (either may be null). Hides them in toString. */
    public record Device(DeviceId id, String deviceSecret, String productSecret) {
        @Override
        public String toString() {
            return "Device[" + id + ", deviceSecret=" + (deviceSecret == null ? "none" : "***") + ", productSecret="
                    + (productSecret == null ? "none" : "***") + "]";
        }
    }

    /** Bounds of the delay between reconnection attempts. */
    public record Reconnect(Duration minDelay, Duration maxDelay) {
    }

    /**
     * Where the southbound API listens, how long a command waits, and the bearer token adapters must send (null for
     * none: then the API is offered on loopback only). Hides the token in toString.
     */
    public record Southbound(String host, int port, Duration commandTimeout, String token) {
        @Override
        public String toString() {
            return "Southbound[" + host + ":" + port + ", commandTimeout=" + commandTimeout + ", token="
                    + (token == null ? "none" : "***") + "]";
        }
    }

    public static GatewayFile load(Path file) throws ConfigException {
        return parse(file, YamlFiles.read(file, EXPECTED));
    }

    /** {@link #load} of bytes already in hand; {@code file} only names them in messages. */
    static GatewayFile load(Path file, byte[] yaml) throws ConfigException {
        return parse(file, YamlFiles.parse(file, yaml, EXPECTED));
    }

    private static GatewayFile parse(Path file, JsonNode root) throws ConfigException {
        try {
            return read(file, root);
        } catch (ConfigException e) {
            throw new ConfigException(file, e.keyPath(), e.problem());
        }
    }

    private static GatewayFile read(Path file, JsonNode node) throws ConfigException {
        ObjectNode root = object(node, "", ROOT_KEYS);
        if (!root.hasNonNull("gateway")) {
            throw new ConfigException(null, "gateway", "is required (a mapping with productKey, deviceName, and"
                    + " deviceSecret or productSecret)");
        }
        Device gateway = device(root.get("gateway"), "gateway", DEVICE_KEYS);
        if (gateway.deviceSecret() == null && gateway.productSecret() == null) {
            throw new ConfigException(null, "gateway", "needs a deviceSecret, or a productSecret to register it");
        }
        String region = ConfigNodes.optionalText(root, "", "region");
        if (region != null && !region.matches("[a-z0-9-]+")) {
            throw new ConfigException(null, "region", "expected a region id such as cn-shanghai, found "
                    + ConfigNodes.quote(region));
        }
        List<Device> subDevices = devices(root.get("subDevices"), "subDevices", true);
        if (subDevices.size() > MAX_SUB_DEVICES) {
            throw new ConfigException(null, "subDevices", "at most " + MAX_SUB_DEVICES
                    + " sub-devices per gateway (the platform's limit), found " + subDevices.size());
        }
        return new GatewayFile(file, gateway, endpoint(root), region == null ? GatewayConfig.DEFAULT_REGION : region,
                ConfigNodes.optionalInt(root, "", "keepaliveSec", GatewayConfig.DEFAULT_KEEPALIVE_SECONDS,
                        GatewayConfig.MIN_KEEPALIVE_SECONDS, GatewayConfig.MAX_KEEPALIVE_SECONDS),
                path(root, "caFile"), uri(root, "registerUrl"), subDevices,
                devices(root.get("register"), "register", false), ConfigNodes.optionalText(root, "", "topic"),
                uri(root, "admin"), path(root, "store"), outbox(root), historyAfter(root), reconnect(root),
                southbound(root),
                Duration.ofMillis(ConfigNodes.optionalInt(root, "", "shutdownGraceMs",
                        (int) DEFAULT_SHUTDOWN_GRACE.toMillis(), 0, MAX_MILLIS)),
                ConnectorConfigs.parse(root.get(ConnectorConfigs.KEY),
                        subDevices.stream().map(Device::id).collect(Collectors.toSet())),
                LogSettings.parse(root.get(LogSettings.KEY)),
                OtaSettings.parse(root.get(OtaSettings.KEY), root.get("subDevices")), PlatformInstance.parse(root));
    }

    private static Device device(JsonNode node, String path, Set<String> keys) throws ConfigException {
        ObjectNode device = object(node, path, keys);
        DeviceId id = DeviceId.of(ConfigNodes.requiredName(device, path, "productKey"),
                ConfigNodes.requiredName(device, path, "deviceName"));
        return new Device(id, ConfigNodes.optionalText(device, path, "deviceSecret"),
                ConfigNodes.optionalText(device, path, "productSecret"));
    }

    private static List<Device> devices(JsonNode node, String path, boolean secretRequired) throws ConfigException {
        List<Device> devices = new ArrayList<>();
        Set<DeviceId> seen = new HashSet<>();
        Iterator<JsonNode> entries = ConfigNodes.list(node, path);
        for (int i = 0; entries.hasNext(); i++) {
            String entryPath = path + "[" + i + "]";
            // a sub-device may say which version it runs; the demo's register list has nothing to inform
            Device device = device(entries.next(), entryPath, secretRequired ? SUB_DEVICE_KEYS : DEVICE_KEYS);
            if (secretRequired && device.deviceSecret() == null && device.productSecret() == null) {
                throw new ConfigException(null, entryPath, "needs a deviceSecret, or a productSecret to register it");
            }
            if (!seen.add(device.id())) {
                throw new ConfigException(null, entryPath, "duplicate sub-device " + device.id());
            }
            devices.add(device);
        }
        return devices;
    }

    private static Endpoint endpoint(ObjectNode root) throws ConfigException {
        if (!root.hasNonNull("endpoint")) {
            return null;
        }
        ObjectNode endpoint = object(root.get("endpoint"), "endpoint", ENDPOINT_KEYS);
        String host = ConfigNodes.optionalText(endpoint, "endpoint", "host");
        if (host == null || !endpoint.hasNonNull("port")) {
            throw new ConfigException(null, "endpoint", "needs host and port");
        }
        return new Endpoint(host, ConfigNodes.optionalInt(endpoint, "endpoint", "port", 0, 1, 65535),
                ConfigNodes.optionalBoolean(endpoint, "endpoint", "tls", true));
    }

    private static OutboxLimits outbox(ObjectNode root) throws ConfigException {
        OutboxLimits defaults = OutboxLimits.DEFAULT;
        if (!root.hasNonNull("outbox")) {
            return defaults;
        }
        ObjectNode outbox = object(root.get("outbox"), "outbox", OUTBOX_KEYS);
        long maxBytes = defaults.maxBytes();
        JsonNode bytes = outbox.get("maxBytes");
        if (bytes != null && !bytes.isNull()) {
            if (!bytes.isIntegralNumber() || !bytes.canConvertToLong() || bytes.longValue() < 1) {
                throw new ConfigException(null, "outbox.maxBytes", "expected a positive whole number of bytes, found "
                        + ConfigNodes.describe(bytes, "maxBytes"));
            }
            maxBytes = bytes.longValue();
        }
        int maxAgeHours = ConfigNodes.optionalInt(outbox, "outbox", "maxAgeHours",
                (int) defaults.maxAge().toHours(), 1, Integer.MAX_VALUE);
        return new OutboxLimits(maxBytes, Duration.ofHours(maxAgeHours));
    }

    /** {@code outbox.historyAfterSeconds}: 1 s to a day. */
    private static Duration historyAfter(ObjectNode root) throws ConfigException {
        Duration defaults = GatewayConfig.DEFAULT_HISTORY_AFTER;
        if (!root.hasNonNull("outbox")) {
            return defaults;
        }
        return Duration.ofSeconds(ConfigNodes.optionalInt(object(root.get("outbox"), "outbox", OUTBOX_KEYS), "outbox",
                "historyAfterSeconds", (int) defaults.toSeconds(), 1, MAX_HISTORY_AFTER_SECONDS));
    }

    private static Reconnect reconnect(ObjectNode root) throws ConfigException {
        if (!root.hasNonNull("reconnect")) {
            return DEFAULT_RECONNECT;
        }
        ObjectNode reconnect = object(root.get("reconnect"), "reconnect", RECONNECT_KEYS);
        int min = ConfigNodes.optionalInt(reconnect, "reconnect", "minDelayMs",
                (int) DEFAULT_RECONNECT.minDelay().toMillis(), 1, MAX_MILLIS);
        int max = ConfigNodes.optionalInt(reconnect, "reconnect", "maxDelayMs",
                Math.max(min, (int) DEFAULT_RECONNECT.maxDelay().toMillis()), min, MAX_MILLIS);
        return new Reconnect(Duration.ofMillis(min), Duration.ofMillis(max));
    }

    private static Southbound southbound(ObjectNode root) throws ConfigException {
        ObjectNode southbound = root.hasNonNull("southbound")
                ? object(root.get("southbound"), "southbound", SOUTHBOUND_KEYS) : JsonNodeFactory.instance.objectNode();
        String token = ConfigNodes.optionalText(southbound, "southbound", "token");
        if (token != null && !TOKEN.matcher(token).matches()) {
            throw new ConfigException(null, "southbound.token", "expected at least 16 characters of letters, digits"
                    + " and -._~+/ (= only at the end), as a bearer token is written");
        }
        String host = ConfigNodes.optionalText(southbound, "southbound", "host");
        if (host == null) {
            host = "127.0.0.1";
        } else if (token == null && !isLoopback(host)) {
            throw new ConfigException(null, "southbound.host", "expected a loopback address (127.0.0.1, ::1 or"
                    + " localhost), found " + ConfigNodes.quote(host) + ": without a southbound.token the API has no"
                    + " authentication, so it is offered to no network");
        }
        return new Southbound(host,
                ConfigNodes.optionalInt(southbound, "southbound", "port", DEFAULT_SOUTHBOUND_PORT, 0, 65535),
                Duration.ofMillis(ConfigNodes.optionalInt(southbound, "southbound", "commandTimeoutMs",
                        (int) DEFAULT_COMMAND_TIMEOUT.toMillis(), 1, MAX_MILLIS)), token);
    }

    /**
     * localhost, or a loopback address literal. Other names are not resolved: loading a file must not wait on DNS
     * (nor send a query anywhere), and a name is not a promise of loopback anyway.
     */
    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return ADDRESS_LITERAL.matcher(host).matches() && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Path path(ObjectNode root, String key) throws ConfigException {
        String text = ConfigNodes.optionalText(root, "", key);
        return text == null ? null : Path.of(text).toAbsolutePath().normalize();
    }

    private static URI uri(ObjectNode root, String key) throws ConfigException {
        String text = ConfigNodes.optionalText(root, "", key);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new ConfigException(null, key, "expected an absolute http(s) URL, found "
                        + ConfigNodes.quote(text));
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(null, key, "expected an absolute http(s) URL, found " + ConfigNodes.quote(text));
        }
    }

    /**
     * {@code node} as a mapping whose keys are all in {@code allowed}. An unknown key is named with its whole path,
     * so a typo deep in the file is found at once.
     */
    private static ObjectNode object(JsonNode node, String path, Set<String> allowed) throws ConfigException {
        String keys = allowed.stream().sorted().collect(Collectors.joining(", "));
        if (node == null || !node.isObject()) {
            throw new ConfigException(null, path, "expected a mapping with keys " + keys + ", found "
                    + ConfigNodes.describe(node));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ConfigException(null, "", "unknown key '"
                        + ConfigNodes.at(path, ConfigNodes.shownKey(name)) + "'; expected one of " + keys);
            }
        }
        return (ObjectNode) node;
    }
}
