package io.alink.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.config.ConfigException;
import io.alink.config.ConfigNodes;
import io.alink.config.YamlFiles;
import io.alink.daemon.connector.ConnectorKeys;
import io.alink.daemon.connector.modbus.DataType;
import io.alink.daemon.connector.modbus.ModbusConfigParser;
import io.alink.daemon.connector.modbus.Order;
import io.alink.daemon.connector.modbus.PropertyMapping;
import io.alink.daemon.connector.modbus.Table;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the simulator serves: its devices by unit id, each with properties mapped as in gateway.yaml's connectors
 * (same keys) and driven by one signal each: {@code constant}, {@code ramp: {from, to, step}},
 * {@code sine: {min, max, periodMs}} or {@code randomWalk: {start, step, min, max}}. Coils and holding registers
 * accept writes unless {@code writable: false}; a refused write is answered with exception code 2.
 *
 * @param tick how often the signals step
 */
public record SimulatorConfig(Duration tick, Map<Integer, List<SimulatedPoint>> devices) {

    public static final Duration DEFAULT_TICK = Duration.ofMillis(100);

    private static final Set<String> ROOT_KEYS = Set.of("tickMs", "devices");
    private static final Set<String> DEVICE_KEYS = Set.of("unitId", "properties");
    private static final Set<String> SIGNALS = Set.of("constant", "ramp", "sine", "randomWalk");
    private static final Set<String> RAMP_KEYS = Set.of("from", "to", "step");
    private static final Set<String> SINE_KEYS = Set.of("min", "max", "periodMs");
    private static final Set<String> WALK_KEYS = Set.of("start", "step", "min", "max");

    public SimulatorConfig {
        devices = Map.copyOf(devices);
    }

    public static SimulatorConfig load(Path file) throws ConfigException {
        JsonNode root = YamlFiles.read(file, "a mapping with devices");
        try {
            return parse(root);
        } catch (ConfigException e) {
            throw e.inFile(file);
        }
    }

    /**
     * Unit 1 with the properties of the README's gateway.yaml example: Temperature (holding 0, float32, a sine
     * between 15 and 25 over a minute), Running (coil 0), Count (input 10, uint32, little word order, counting up)
     * and Setpoint (holding 20, int16, scale 0.1).
     */
    public static SimulatorConfig example() {
        return new SimulatorConfig(DEFAULT_TICK, Map.of(1, List.of(
                new SimulatedPoint(PropertyMapping.builder("Temperature", Table.HOLDING, 0, DataType.FLOAT32)
                        .build(), new Signal.Sine(15, 25, 60_000), true),
                new SimulatedPoint(PropertyMapping.builder("Running", Table.COIL, 0, DataType.BOOL).build(),
                        new Signal.Constant(true), true),
                new SimulatedPoint(PropertyMapping.builder("Count", Table.INPUT, 10, DataType.UINT32)
                        .wordOrder(Order.LITTLE).build(), new Signal.Ramp(0, 4_000_000_000d, 1), false),
                new SimulatedPoint(PropertyMapping.builder("Setpoint", Table.HOLDING, 20, DataType.INT16)
                        .scale(0.1, 0).build(), new Signal.Constant(new BigDecimal("21.5")), true))));
    }

    public static SimulatorConfig parse(JsonNode node) throws ConfigException {
        ObjectNode root = ConfigNodes.object(node, "", ROOT_KEYS);
        Duration tick = ConnectorKeys.optionalMillis(root, "", "tickMs", DEFAULT_TICK, 1);
        Map<Integer, List<SimulatedPoint>> devices = new LinkedHashMap<>();
        Iterator<JsonNode> entries = ConfigNodes.list(root.get("devices"), "devices");
        for (int i = 0; entries.hasNext(); i++) {
            String path = "devices[" + i + "]";
            ObjectNode device = ConfigNodes.object(entries.next(), path, DEVICE_KEYS);
            int unitId = ConnectorKeys.requiredInt(device, path, "unitId", 0, 255);
            if (devices.containsKey(unitId)) {
                throw new ConfigException(null, ConfigNodes.at(path, "unitId"), "another device has unit id " + unitId);
            }
            devices.put(unitId, points(device.get("properties"), ConfigNodes.at(path, "properties")));
        }
        if (devices.isEmpty()) {
            throw new ConfigException(null, "devices", "expected a list of at least one device");
        }
        return new SimulatorConfig(tick, devices);
    }

    private static List<SimulatedPoint> points(JsonNode node, String path) throws ConfigException {
        List<SimulatedPoint> points = new ArrayList<>();
        Set<String> identifiers = new HashSet<>();
        Iterator<JsonNode> entries = ConfigNodes.list(node, path);
        for (int i = 0; entries.hasNext(); i++) {
            String entryPath = path + "[" + i + "]";
            JsonNode entry = entries.next();
            PropertyMapping mapping = ModbusConfigParser.property(entry, entryPath, SIGNALS);
            if (!identifiers.add(mapping.identifier())) {
                throw new ConfigException(null, ConfigNodes.at(entryPath, "identifier"), "another property of this"
                        + " device has identifier " + mapping.identifier());
            }
            // here writable means "a master may write it", which coils and holding registers allow by default
            boolean writable = entry.hasNonNull("writable") ? mapping.writable() : mapping.table().isWritable();
            points.add(new SimulatedPoint(mapping, signal((ObjectNode) entry, entryPath, mapping.type()), writable));
        }
        return points;
    }

    private static Signal signal(ObjectNode entry, String path, DataType type) throws ConfigException {
        List<String> given = SIGNALS.stream().filter(entry::hasNonNull).sorted().toList();
        if (given.size() != 1) {
            throw new ConfigException(null, path, "expected exactly one of constant, ramp, sine or randomWalk");
        }
        String kind = given.get(0);
        String at = ConfigNodes.at(path, kind);
        if (!kind.equals("constant") && !type.isNumber() && !(kind.equals("ramp") && type == DataType.BOOL)) {
            throw new ConfigException(null, at, "a " + type.key() + " takes a constant"
                    + (type == DataType.BOOL ? " or a ramp from 0 to 1" : ""));
        }
        try {
            return switch (kind) {
                case "constant" -> new Signal.Constant(constant(entry.get(kind), at));
                case "ramp" -> {
                    ObjectNode ramp = ConfigNodes.object(entry.get(kind), at, RAMP_KEYS);
                    yield new Signal.Ramp(number(ramp, at, "from"), number(ramp, at, "to"), number(ramp, at, "step"));
                }
                case "sine" -> {
                    ObjectNode sine = ConfigNodes.object(entry.get(kind), at, SINE_KEYS);
                    yield new Signal.Sine(number(sine, at, "min"), number(sine, at, "max"),
                            ConnectorKeys.requiredInt(sine, at, "periodMs", 1, ConnectorKeys.MAX_MILLIS));
                }
                default -> {
                    ObjectNode walk = ConfigNodes.object(entry.get(kind), at, WALK_KEYS);
                    yield new Signal.RandomWalk(number(walk, at, "start"), number(walk, at, "step"),
                            number(walk, at, "min"), number(walk, at, "max"));
                }
            };
        } catch (IllegalArgumentException e) {
            throw new ConfigException(null, at, e.getMessage());
        }
    }

    private static Object constant(JsonNode value, String path) throws ConfigException {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        throw new ConfigException(null, path, "expected a number, true or false, or a string");
    }

    private static double number(ObjectNode object, String path, String key) throws ConfigException {
        if (!object.hasNonNull(key)) {
            throw new ConfigException(null, ConfigNodes.at(path, key), "is required (a number)");
        }
        return ConnectorKeys.optionalDouble(object, path, key, 0);
    }
}
