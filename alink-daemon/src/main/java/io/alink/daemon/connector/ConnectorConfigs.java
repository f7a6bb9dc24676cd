package io.alink.daemon.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.config.ConfigException;
import io.alink.config.ConfigNodes;
import io.alink.daemon.connector.modbus.ModbusConfigParser;
import io.alink.daemon.connector.opcua.OpcUaConfigParser;
import io.alink.daemon.connector.opcua.OpcUaLibraries;
import io.alink.protocol.DeviceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * gateway.yaml's {@code connectors}: a list of connectors, each with a unique {@code name} and a {@code type} that
 * decides its other keys. Every sub-device a connector maps must be one of {@code subDevices}, and is mapped once.
 */
public final class ConnectorConfigs {

    public static final String KEY = "connectors";
    private static final String NAME_PATTERN = "[A-Za-z0-9_.-]{1,64}";

    private ConnectorConfigs() {
    }

    public static List<ConnectorConfig> parse(JsonNode node, Set<DeviceId> subDevices) throws ConfigException {
        List<ConnectorConfig> connectors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<DeviceId, String> mappedBy = new HashMap<>();
        Iterator<JsonNode> entries = ConfigNodes.list(node, KEY);
        for (int i = 0; entries.hasNext(); i++) {
            String path = KEY + "[" + i + "]";
            JsonNode entry = entries.next();
            if (!entry.isObject()) {
                throw new ConfigException(null, path, "expected a mapping with name, type and devices, found "
                        + ConfigNodes.describe(entry));
            }
            ObjectNode connector = (ObjectNode) entry;
            String name = ConfigNodes.optionalText(connector, path, "name");
            if (name == null || !name.matches(NAME_PATTERN)) {
                throw new ConfigException(null, ConfigNodes.at(path, "name"), "is required: letters, digits, '_', '.'"
                        + " or '-', at most 64, unique among the connectors");
            }
            if (!names.add(name)) {
                throw new ConfigException(null, ConfigNodes.at(path, "name"), "another connector is named " + name);
            }
            ConnectorConfig config = switch (String.valueOf(ConfigNodes.optionalText(connector, path, "type"))) {
                case ModbusConfigParser.TCP, ModbusConfigParser.RTU ->
                        ModbusConfigParser.parse(connector, path, subDevices);
                case OpcUaConfigParser.TYPE -> {
                    OpcUaLibraries.require(path);
                    yield OpcUaConfigParser.parse(connector, path, subDevices);
                }
                default -> throw new ConfigException(null, ConfigNodes.at(path, "type"), "expected "
                        + ModbusConfigParser.TCP + ", " + ModbusConfigParser.RTU + " or " + OpcUaConfigParser.TYPE);
            };
            for (DeviceId device : config.devices()) {
                String other = mappedBy.putIfAbsent(device, name);
                if (other != null) {
                    throw new ConfigException(null, path + ".devices", "sub-device " + device
                            + " is mapped by connector " + other + " already");
                }
            }
            connectors.add(config);
        }
        return connectors;
    }
}
