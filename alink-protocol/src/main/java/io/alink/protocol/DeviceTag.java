package io.alink.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules and wire shapes of device tags ({@code thing/deviceinfo/update} {@code [{attrKey, attrValue}]},
 * {@code thing/deviceinfo/delete} {@code [{attrKey}]}). The 200 entries per request are documented; the key's
 * alphabet, the lengths and the tags per device are UNCONFIRMED (the documentation's table was not fully readable),
 * each one constant here.
 */
public final class DeviceTag {
    /** Entries per update or delete request (documented). */
    public static final int MAX_PER_REQUEST = 200;
    /** Tags one device holds (the console's API documents 100 per device). */
    public static final int MAX_PER_DEVICE = 100;
    /** UNCONFIRMED: longest attrKey. */
    public static final int MAX_KEY_LENGTH = 100;
    /** UNCONFIRMED: longest attrValue. */
    public static final int MAX_VALUE_LENGTH = 1024;
    /** UNCONFIRMED: a letter first, then letters, digits and {@code _ - # @ % & * .} (the documented alphabet). */
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_\\-#@%&*.]*");

    private DeviceTag() {
    }

    /** Why {@code key} cannot be a tag key; empty for a good one. */
    public static Optional<String> keyProblem(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of("attrKey is missing");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            return Optional.of("attrKey is longer than " + MAX_KEY_LENGTH + " characters");
        }
        if (!KEY.matcher(key).matches()) {
            return Optional.of("attrKey " + key + " must start with a letter and hold only letters, digits and _-#@%&*.");
        }
        return Optional.empty();
    }

    /** Why {@code value} cannot be a tag value; empty for a good one. */
    public static Optional<String> valueProblem(String key, String value) {
        if (value == null) {
            return Optional.of("attrValue of " + key + " is missing");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            return Optional.of("attrValue of " + key + " is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        return Optional.empty();
    }

    /** {@code [{attrKey, attrValue}]}, in the map's order. */
    public static ArrayNode updateParams(Map<String, String> tags) {
        ArrayNode params = AlinkJson.MAPPER.createArrayNode();
        tags.forEach((key, value) -> params.addObject().put("attrKey", key).put("attrValue", value));
        return params;
    }

    /** {@code [{attrKey}]}. */
    public static ArrayNode deleteParams(Collection<String> keys) {
        ArrayNode params = AlinkJson.MAPPER.createArrayNode();
        keys.forEach(key -> params.addObject().put("attrKey", key));
        return params;
    }

    /** The attrKey of one entry of either request, as text; null when absent or not a scalar. */
    public static String keyOf(JsonNode entry) {
        return AlinkJson.text(entry, "attrKey");
    }
}
