package io.alink.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A property or event value with the time it was read or happened, epoch milliseconds: {@code {"value": ..,
 * "time": ..}} on the wire. The JSON node is shared, not copied: treat it as read-only.
 */
public record TimedValue(JsonNode value, long time) {

    public TimedValue {
        Objects.requireNonNull(value, "value");
    }

    /** A value as Jackson writes {@code value} (a number, text, a map for a struct ...). */
    public static TimedValue of(Object value, long time) {
        return new TimedValue(AlinkJson.MAPPER.valueToTree(value), time);
    }

    /** {@code {"value": .., "time": ..}}. */
    public ObjectNode toJson() {
        ObjectNode node = AlinkJson.object();
        node.set("value", value);
        return node.put("time", time);
    }
}
