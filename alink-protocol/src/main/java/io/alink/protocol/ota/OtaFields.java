package io.alink.protocol.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkRequest;
import java.util.regex.Pattern;

/** The rules the OTA payloads share: versions, module names, and reading the request envelope's params. */
final class OtaFields {

    /**
     * The console takes a firmware version and a module name of 1 to 64 characters (UNCONFIRMED for what devices
     * inform; the same bound is applied to both ways).
     */
    static final int MAX_NAME_LENGTH = 64;
    /** The console's character set for module names (UNCONFIRMED beyond the console's hint text). */
    private static final Pattern MODULE = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_NAME_LENGTH + "}");

    private OtaFields() {
    }

    /** @throws AlinkFormatException for an empty or over-long version, or one with control characters */
    static String requireVersion(String version) {
        if (version == null || version.isBlank()) {
            throw new AlinkFormatException("version is missing");
        }
        if (version.length() > MAX_NAME_LENGTH) {
            throw new AlinkFormatException("version is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (version.chars().anyMatch(Character::isISOControl)) {
            throw new AlinkFormatException("version holds control characters");
        }
        return version;
    }

    /** Null stays null (the default module); anything else must be a module name. */
    static String requireModule(String module) {
        if (module != null && !MODULE.matcher(module).matches()) {
            throw new AlinkFormatException("module must be 1 to " + MAX_NAME_LENGTH
                    + " letters, digits, '.', '-' or '_'");
        }
        return module;
    }

    /** The params of a request payload, which must be an object. */
    static ObjectNode params(AlinkRequest request) {
        return requireObject(request.params(), "params");
    }

    /** {@code {"id", "params"}}: inform and progress carry no method. */
    static byte[] envelope(String id, ObjectNode params) {
        ObjectNode root = AlinkJson.object().put("id", id);
        root.set("params", params);
        return AlinkJson.toBytes(root);
    }

    static ObjectNode requireObject(JsonNode node, String field) {
        if (!(node instanceof ObjectNode object)) {
            throw new AlinkFormatException(field + " must be a JSON object");
        }
        return object;
    }

    /** A scalar field as text, null when absent; a nested object or array where text belongs is refused. */
    static String optionalText(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value != null && value.isContainerNode()) {
            throw new AlinkFormatException(field + " must be a string");
        }
        return AlinkJson.text(object, field);
    }

    static String requiredText(JsonNode object, String field) {
        String text = optionalText(object, field);
        if (text == null || text.isEmpty()) {
            throw new AlinkFormatException(field + " is missing");
        }
        return text;
    }

    /** An integer sent as a JSON number or as a string of digits (LinkSDK sends the progress step as a string). */
    static long requiredLong(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value != null && value.isTextual() && value.asText().matches("-?\\d{1,18}")) {
            return Long.parseLong(value.asText());
        }
        throw new AlinkFormatException(field + " must be an integer");
    }

    static void putIfPresent(ObjectNode object, String field, String value) {
        if (value != null) {
            object.put(field, value);
        }
    }
}
