package io.alink.daemon.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.config.ConfigException;
import io.alink.config.ConfigNodes;
import io.alink.protocol.DeviceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The kinds of key connectors have beyond {@link ConfigNodes}': numbers with a fraction, named choices, report. */
public final class ConnectorKeys {

    private static final Set<String> REPORT_KEYS = Set.of("onChange", "deadband", "everyMs");
    /** Alink's rule for a thing model identifier. */
    private static final String IDENTIFIER_PATTERN = "[A-Za-z0-9_]{1,50}";
    /** A day: longer periods are surely a typo. */
    public static final int MAX_MILLIS = 24 * 3600 * 1000;

    private ConnectorKeys() {
    }

    /** A required thing model identifier (of a property, a service, an event) under {@code key}. */
    public static String identifier(ObjectNode object, String path, String key) throws ConfigException {
        String identifier = ConfigNodes.optionalText(object, path, key);
        if (identifier == null || !identifier.matches(IDENTIFIER_PATTERN)) {
            throw new ConfigException(null, ConfigNodes.at(path, key), "is required: the thing model's identifier"
                    + " (letters, digits and '_', at most 50)");
        }
        return identifier;
    }

    /** One entry of a connector's {@code devices}, its keys checked and its sub-device known. */
    @FunctionalInterface
    public interface DeviceEntry<T> {
        T parse(ObjectNode device, String path, DeviceId id) throws ConfigException;
    }

    /**
     * A connector's {@code devices}: at least one, each a mapping of {@code allowedKeys} whose productKey and
     * deviceName name one of {@code subDevices}, none twice.
     */
    public static <T> List<T> devices(JsonNode node, String path, Set<String> allowedKeys, Set<DeviceId> subDevices,
                                      DeviceEntry<T> entry) throws ConfigException {
        List<T> devices = new ArrayList<>();
        Set<DeviceId> seen = new HashSet<>();
        Iterator<JsonNode> entries = ConfigNodes.list(node, path);
        for (int i = 0; entries.hasNext(); i++) {
            String entryPath = path + "[" + i + "]";
            ObjectNode device = ConfigNodes.object(entries.next(), entryPath, allowedKeys);
            DeviceId id = DeviceId.of(ConfigNodes.requiredName(device, entryPath, "productKey"),
                    ConfigNodes.requiredName(device, entryPath, "deviceName"));
            if (!subDevices.contains(id)) {
                throw new ConfigException(null, entryPath, id + " is not one of subDevices; a connector maps the"
                        + " gateway's sub-devices only");
            }
            if (!seen.add(id)) {
                throw new ConfigException(null, entryPath, "sub-device " + id + " is mapped twice");
            }
            devices.add(entry.parse(device, entryPath, id));
        }
        if (devices.isEmpty()) {
            throw new ConfigException(null, path, "expected a list of at least one device");
        }
        return devices;
    }

    /** An optional finite number. */
    public static double optionalDouble(ObjectNode object, String path, String key, double defaultValue)
            throws ConfigException {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw new ConfigException(null, ConfigNodes.at(path, key), "expected a number, found "
                    + ConfigNodes.describe(value, key));
        }
        return value.doubleValue();
    }

    /** One of {@code choices} by its name in the file ({@code key}); the default when absent (null: required). */
    public static <E extends Enum<E>> E choice(ObjectNode object, String path, String key, E[] choices,
                                               Function<E, String> keyOf, E defaultValue) throws ConfigException {
        String names = Arrays.stream(choices).map(keyOf).collect(Collectors.joining(", "));
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            if (defaultValue == null) {
                throw new ConfigException(null, ConfigNodes.at(path, key), "is required (one of " + names + ")");
            }
            return defaultValue;
        }
        for (E choice : choices) {
            if (value.isTextual() && keyOf.apply(choice).equals(value.asText())) {
                return choice;
            }
        }
        throw new ConfigException(null, ConfigNodes.at(path, key), "expected one of " + names + ", found "
                + ConfigNodes.describe(value, key));
    }

    /** A required whole number within {@code min..max}. */
    public static int requiredInt(ObjectNode object, String path, String key, int min, int max)
            throws ConfigException {
        if (!object.hasNonNull(key)) {
            throw new ConfigException(null, ConfigNodes.at(path, key), "is required (a whole number from " + min
                    + " to " + max + ")");
        }
        return ConfigNodes.optionalInt(object, path, key, min, min, max);
    }

    /** An optional period in milliseconds ({@code key} ends in Ms). */
    public static Duration optionalMillis(ObjectNode object, String path, String key, Duration defaultValue, int min)
            throws ConfigException {
        return Duration.ofMillis(ConfigNodes.optionalInt(object, path, key, (int) defaultValue.toMillis(), min,
                MAX_MILLIS));
    }

    /** A device's {@code report}: {onChange, deadband, everyMs}, each optional. */
    public static ReportPolicy report(JsonNode node, String path) throws ConfigException {
        ObjectNode report = node == null || node.isNull() ? JsonNodeFactory.instance.objectNode()
                : ConfigNodes.object(node, path, REPORT_KEYS);
        ReportPolicy defaults = ReportPolicy.DEFAULT;
        double deadband = optionalDouble(report, path, "deadband", defaults.deadband());
        if (deadband < 0) {
            throw new ConfigException(null, ConfigNodes.at(path, "deadband"), "expected a number from 0 up");
        }
        return new ReportPolicy(ConfigNodes.optionalBoolean(report, path, "onChange", defaults.onChange()), deadband,
                optionalMillis(report, path, "everyMs", defaults.every(), 1));
    }
}
