package io.alink.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A desired property value the cloud holds for a device, with its version (1 for the first value set, one more for
 * each later one). {@code thing/property/desired/get} answers {@code {"power": {"value": "on", "version": 2}}};
 * {@code thing/property/desired/delete} takes {@code {"power": {"version": 2}, "temperature": {}}}.
 *
 * @param value   the value, as JSON
 * @param version the version of this value
 */
public record DesiredValue(JsonNode value, long version) {

    public DesiredValue {
        if (value == null) {
            throw new IllegalArgumentException("a desired value is needed");
        }
    }

    /** {@code {"value": .., "version": ..}}. */
    public ObjectNode toJson() {
        ObjectNode node = AlinkJson.object();
        node.set("value", value);
        node.put("version", version);
        return node;
    }

    /**
     * The values of a desired/get reply's data, by identifier; an entry without a value or a numeric version is
     * refused.
     *
     * @throws AlinkFormatException when data is not an object of such entries
     */
    public static Map<String, DesiredValue> parseAll(JsonNode data) {
        if (data == null || !data.isObject()) {
            throw new AlinkFormatException("desired values must be a JSON object");
        }
        Map<String, DesiredValue> values = new LinkedHashMap<>();
        data.fields().forEachRemaining(field -> {
            JsonNode entry = field.getValue();
            if (!entry.isObject() || !entry.has("value") || !entry.path("version").canConvertToLong()) {
                throw new AlinkFormatException("desired value " + field.getKey() + " needs a value and a version");
            }
            values.put(field.getKey(), new DesiredValue(entry.get("value"), entry.get("version").asLong()));
        });
        return values;
    }
}
