package io.alink.daemon.connector.modbus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.config.ConfigException;
import io.alink.config.ConfigNodes;
import io.alink.daemon.connector.ConnectorKeys;
import io.alink.protocol.DeviceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** A {@code modbus-tcp} or {@code modbus-rtu} entry of {@code connectors}, every key checked. */
public final class ModbusConfigParser {

    public static final String TCP = "modbus-tcp";
    public static final String RTU = "modbus-rtu";

    private static final Set<String> TCP_KEYS = Set.of("name", "type", "host", "port", "timeoutMs", "maxFailedPolls",
            "maxRetryDelayMs", "devices");
    private static final Set<String> RTU_KEYS = Set.of("name", "type", "serial", "timeoutMs", "maxFailedPolls",
            "maxRetryDelayMs", "devices");
    private static final Set<String> SERIAL_KEYS = Set.of("port", "baudRate", "dataBits", "parity", "stopBits");
    private static final Set<String> DEVICE_KEYS = Set.of("productKey", "deviceName", "unitId", "pollMs", "report",
            "properties");
    private static final Set<String> PROPERTY_KEYS = Set.of("identifier", "table", "address", "type", "length",
            "byteOrder", "wordOrder", "scale", "offset", "writable");
    private static final Duration DEFAULT_POLL = Duration.ofSeconds(1);
    private static final int MIN_POLL_MS = 10;
    /** Modbus application protocol 1.1b3, 6.12: a write of multiple registers carries at most 123. */
    private static final int MAX_REGISTERS_PER_WRITE = 123;
    /** A serial line's unit ids: 0 is broadcast (never answered), 248 to 255 reserved. */
    private static final int MAX_RTU_UNIT_ID = 247;

    private ModbusConfigParser() {
    }

    public static ModbusConnectorConfig parse(ObjectNode node, String path, Set<DeviceId> subDevices)
            throws ConfigException {
        boolean rtu = RTU.equals(node.path("type").asText());
        ConfigNodes.object(node, path, rtu ? RTU_KEYS : TCP_KEYS);
        String host = null;
        SerialSettings serial = null;
        if (rtu) {
            serial = serial(node.get("serial"), ConfigNodes.at(path, "serial"));
        } else {
            host = ConfigNodes.optionalText(node, path, "host");
            if (host == null) {
                throw new ConfigException(null, ConfigNodes.at(path, "host"), "is required (the device's or the Modbus"
                        + " TCP gateway's address)");
            }
        }
        int port = ConfigNodes.optionalInt(node, path, "port", ModbusConnectorConfig.DEFAULT_PORT, 1, 65535);
        Duration timeout = ConnectorKeys.optionalMillis(node, path, "timeoutMs",
                ModbusConnectorConfig.DEFAULT_TIMEOUT, 1);
        int maxFailedPolls = ConfigNodes.optionalInt(node, path, "maxFailedPolls",
                ModbusConnectorConfig.DEFAULT_MAX_FAILED_POLLS, 1, 1000);
        Duration maxRetryDelay = ConnectorKeys.optionalMillis(node, path, "maxRetryDelayMs",
                ModbusConnectorConfig.DEFAULT_MAX_RETRY_DELAY, MIN_POLL_MS);
        List<ModbusDeviceConfig> devices = devices(node.get("devices"), ConfigNodes.at(path, "devices"), rtu,
                subDevices);
        return new ModbusConnectorConfig(node.get("name").asText(), rtu, host, port, serial, timeout, maxFailedPolls,
                maxRetryDelay, devices);
    }

    private static SerialSettings serial(JsonNode node, String path) throws ConfigException {
        if (node == null || node.isNull()) {
            throw new ConfigException(null, path, "is required for " + RTU + " (a mapping with port, and baudRate,"
                    + " dataBits, parity and stopBits if not 9600 8N1)");
        }
        ObjectNode serial = ConfigNodes.object(node, path, SERIAL_KEYS);
        String port = ConfigNodes.optionalText(serial, path, "port");
        if (port == null) {
            throw new ConfigException(null, ConfigNodes.at(path, "port"), "is required (such as /dev/ttyUSB0)");
        }
        return new SerialSettings(port, ConfigNodes.optionalInt(serial, path, "baudRate", 9600, 300, 4_000_000),
                ConfigNodes.optionalInt(serial, path, "dataBits", 8, 5, 8),
                ConnectorKeys.choice(serial, path, "parity", SerialSettings.Parity.values(),
                        SerialSettings.Parity::key, SerialSettings.Parity.NONE),
                ConfigNodes.optionalInt(serial, path, "stopBits", 1, 1, 2));
    }

    private static List<ModbusDeviceConfig> devices(JsonNode node, String path, boolean rtu,
                                                    Set<DeviceId> subDevices) throws ConfigException {
        return ConnectorKeys.devices(node, path, DEVICE_KEYS, subDevices, (device, entryPath, id) ->
                new ModbusDeviceConfig(id,
                        ConfigNodes.optionalInt(device, entryPath, "unitId", 1, rtu ? 1 : 0,
                                rtu ? MAX_RTU_UNIT_ID : 255),
                        ConnectorKeys.optionalMillis(device, entryPath, "pollMs", DEFAULT_POLL, MIN_POLL_MS),
                        ConnectorKeys.report(device.get("report"), ConfigNodes.at(entryPath, "report")),
                        properties(device.get("properties"), ConfigNodes.at(entryPath, "properties"))));
    }

    private static List<PropertyMapping> properties(JsonNode node, String path) throws ConfigException {
        List<PropertyMapping> properties = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        Set<String> identifiers = new HashSet<>();
        Iterator<JsonNode> entries = ConfigNodes.list(node, path);
        for (int i = 0; entries.hasNext(); i++) {
            String entryPath = path + "[" + i + "]";
            PropertyMapping property = property(entries.next(), entryPath, Set.of());
            if (!identifiers.add(property.identifier())) {
                throw new ConfigException(null, ConfigNodes.at(entryPath, "identifier"), "another property of this"
                        + " device has identifier " + property.identifier());
            }
            properties.add(property);
            paths.add(entryPath);
        }
        if (properties.isEmpty()) {
            throw new ConfigException(null, path, "expected a list of at least one property");
        }
        checkOverlaps(properties, paths);
        return properties;
    }

    /**
     * One property mapping: identifier, table, address, type, length, byteOrder, wordOrder, scale, offset,
     * writable. The simulator's registers take the same keys and {@code otherKeys} of their own.
     */
    public static PropertyMapping property(JsonNode entry, String path, Set<String> otherKeys)
            throws ConfigException {
        Set<String> keys = new HashSet<>(PROPERTY_KEYS);
        keys.addAll(otherKeys);
        ObjectNode node = ConfigNodes.object(entry, path, keys);
        String identifier = ConnectorKeys.identifier(node, path, "identifier");
        Table table = ConnectorKeys.choice(node, path, "table", Table.values(), Table::key, null);
        DataType type = ConnectorKeys.choice(node, path, "type", DataType.values(), DataType::key,
                table.isBits() ? DataType.BOOL : null);
        if (table.isBits() && type != DataType.BOOL) {
            throw new ConfigException(null, ConfigNodes.at(path, "type"), "the " + table.key() + " table holds"
                    + " bits: expected bool");
        }
        int length = length(node, path, type);
        boolean writable = ConfigNodes.optionalBoolean(node, path, "writable", false);
        if (writable && !table.isWritable()) {
            throw new ConfigException(null, ConfigNodes.at(path, "writable"), "the " + table.key() + " table cannot"
                    + " be written; only coil and holding can");
        }
        if (writable && length > MAX_REGISTERS_PER_WRITE) {
            throw new ConfigException(null, ConfigNodes.at(path, "length"), "a writable string takes at most "
                    + MAX_REGISTERS_PER_WRITE + " registers, the most one write carries");
        }
        if (!type.isNumber() && (node.hasNonNull("scale") || node.hasNonNull("offset"))) {
            throw new ConfigException(null, path, "scale and offset apply to numbers only, not to " + type.key());
        }
        double scale = ConnectorKeys.optionalDouble(node, path, "scale", 1.0);
        if (scale == 0) {
            throw new ConfigException(null, ConfigNodes.at(path, "scale"), "expected a number other than 0");
        }
        PropertyMapping property = new PropertyMapping(identifier, table,
                ConnectorKeys.requiredInt(node, path, "address", 0, 65535), type, length,
                ConnectorKeys.choice(node, path, "byteOrder", Order.values(), Order::key, Order.BIG),
                ConnectorKeys.choice(node, path, "wordOrder", Order.values(), Order::key, Order.BIG),
                scale, ConnectorKeys.optionalDouble(node, path, "offset", 0.0), writable);
        if (property.end() > 65536) {
            throw new ConfigException(null, ConfigNodes.at(path, "address"), "the property runs past address 65535");
        }
        return property;
    }

    private static int length(ObjectNode node, String path, DataType type) throws ConfigException {
        if (type != DataType.STRING) {
            if (node.hasNonNull("length")) {
                throw new ConfigException(null, ConfigNodes.at(path, "length"), "applies to string only; "
                        + type.key() + " has a fixed size");
            }
            return 0;
        }
        return ConnectorKeys.requiredInt(node, path, "length", 1, Table.HOLDING.maxPerRead());
    }

    /** Two properties of one table sharing an address would be read as two things at once: a mapping mistake. */
    private static void checkOverlaps(List<PropertyMapping> properties, List<String> paths) throws ConfigException {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < properties.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> properties.get(i).table())
                .thenComparingInt(i -> properties.get(i).address()));
        for (int k = 1; k < order.size(); k++) {
            PropertyMapping before = properties.get(order.get(k - 1));
            PropertyMapping after = properties.get(order.get(k));
            if (before.table() == after.table() && after.address() < before.end()) {
                throw new ConfigException(null, ConfigNodes.at(paths.get(order.get(k)), "address"), "overlaps "
                        + before.identifier() + " (" + before.table().key() + " " + before.address() + " to "
                        + (before.end() - 1) + ")");
            }
        }
    }
}
