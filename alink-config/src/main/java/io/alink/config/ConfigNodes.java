package io.alink.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.protocol.TopicLevel;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads values out of a JSON tree (from YAML or JSON), checking every key by hand so that an error can name its exact
 * path. Shared by the emulator's and the daemon's configuration files and the admin API's JSON bodies, so all of them
 * accept the same shapes and say the same things about them. Errors are {@link ConfigException}s without a file; the
 * caller adds one if it has one.
 */
public final class ConfigNodes {

    private static final int QUOTED_MAX = 64;

    private ConfigNodes() {
    }

    /** {@code node} as an object whose keys are all in {@code allowedKeys}. */
    public static ObjectNode object(JsonNode node, String path, Set<String> allowedKeys) throws ConfigException {
        if (node == null || !node.isObject()) {
            throw new ConfigException(null, path, "expected an object with keys " + sorted(allowedKeys)
                    + ", found " + describe(node));
        }
        Iterator<String> keys = node.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!allowedKeys.contains(key)) {
                throw new ConfigException(null, at(path, shownKey(key)), "unknown key; expected one of "
                        + sorted(allowedKeys));
            }
        }
        return (ObjectNode) node;
    }

    /** The elements of an optional list; absent or null is an empty list. */
    public static Iterator<JsonNode> list(JsonNode node, String path) throws ConfigException {
        if (node == null || node.isNull()) {
            return List.<JsonNode>of().iterator();
        }
        if (!node.isArray()) {
            throw new ConfigException(null, path, "expected a list, found " + describe(node));
        }
        return node.elements();
    }

    /** A required productKey or deviceName: a string within the platform's naming rule. */
    public static String requiredName(ObjectNode object, String path, String key) throws ConfigException {
        String value = optionalText(object, path, key);
        if (value == null) {
            throw new ConfigException(null, at(path, key), "is required (a string)");
        }
        Optional<String> problem = TopicLevel.DEVICE_PART.problem(value);
        if (problem.isPresent()) {
            throw new ConfigException(null, at(path, key), problem.get());
        }
        return value;
    }

    /** An optional non-empty string; absent or null gives null. */
    public static String optionalText(ObjectNode object, String path, String key) throws ConfigException {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            // YAML turns 001 or 1e3 into numbers: say how to keep the text.
            throw new ConfigException(null, at(path, key), "expected a string, found " + describe(value, key)
                    + (value.isNumber() || value.isBoolean() ? " (put it in quotes)" : ""));
        }
        if (value.asText().isEmpty()) {
            throw new ConfigException(null, at(path, key), "expected a non-empty string");
        }
        return value.asText();
    }

    public static boolean optionalBoolean(ObjectNode object, String path, String key, boolean defaultValue)
            throws ConfigException {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw new ConfigException(null, at(path, key), "expected true or false, found "
                    + describe(value, key));
        }
        return value.booleanValue();
    }

    /** An optional whole number within {@code min..max}. */
    public static int optionalInt(ObjectNode object, String path, String key, int defaultValue, int min, int max)
            throws ConfigException {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            throw new ConfigException(null, at(path, key), "expected a whole number from " + min + " to " + max
                    + ", found " + describe(value, key));
        }
        return value.intValue();
    }

    public static <E extends Enum<E>> E requiredEnum(ObjectNode object, String path, String key, Class<E> type)
            throws ConfigException {
        String names = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            throw new ConfigException(null, at(path, key), "is required (one of " + names + ")");
        }
        if (value.isTextual()) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(value.asText())) {
                    return constant;
                }
            }
        }
        throw new ConfigException(null, at(path, key), "expected one of " + names + ", found "
                + describe(value, key));
    }

    /**
     * An unknown key as a message shows it: up to a ':', '=' or blank, where a value written without the space YAML
     * needs after a colon begins ({@code deviceSecret:abc} is one key to YAML). That value may be a secret.
     */
    public static String shownKey(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isWhitespace(c)) {
                return key.substring(0, i) + "...";
            }
            if (c == ':' || c == '=') {
                return key.substring(0, i + 1) + "...";
            }
        }
        return key;
    }

    /** {@code path.key}, or {@code key} at the top. */
    public static String at(String path, String key) {
        return path == null || path.isEmpty() ? key : path + "." + key;
    }

    /**
     * A node for an error message, {@code found ...}: a scalar as its value ({@code the number 99999},
     * {@code "ROUTER"}, {@code true}) so that the offending one is seen at once, unless {@code key} (or the last key
     * of a path) is named like a secret; then, like lists and objects, only as its kind. Only for a key that takes a
     * scalar: where a mapping or a list is expected, a scalar may be a mapping YAML could not read, secrets and all
     * ({@code gateway: {deviceSecret:abc}}), so it is shown by {@link #describe(JsonNode)}, its kind alone.
     */
    public static String describe(JsonNode node, String key) {
        if (node == null || !node.isValueNode() || node.isNull() || mayHoldSecret(key)) {
            return describe(node);
        }
        if (node.isTextual()) {
            return quote(node.asText());
        }
        return node.isNumber() ? "the number " + node.asText() : node.asText();
    }

    /**
     * Text for an error message: in quotes, cut at the first blank or quote character and after 64 characters,
     * control characters shown as '?'. A value that ran on (a quote left open, a scalar over several lines) holds
     * the lines YAML folded into it, secrets and all; what the value was meant to be comes before the first blank.
     */
    public static String quote(String text) {
        int end = Math.min(text.length(), QUOTED_MAX);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '\'' || c == '"') {
                end = i;
                break;
            }
        }
        String shown = end < text.length() ? text.substring(0, end) + "..." : text;
        return "\"" + shown.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append) + "\"";
    }

    /** Keys whose values are never shown: secrets, passwords, tokens (deviceSecret, password, southbound.token). */
    public static boolean mayHoldSecret(String key) {
        String name = key == null ? "" : key.toLowerCase(Locale.ROOT);
        return name.contains("secret") || name.contains("password") || name.contains("token");
    }

    /** What kind of value a node is, for an error message; never the value, which may be a secret. */
    public static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isNumber()) {
            return "a number";
        }
        return "a string";
    }

    private static String sorted(Set<String> keys) {
        return keys.stream().sorted().collect(Collectors.joining(", "));
    }
}
