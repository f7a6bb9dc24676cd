package io.alink.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A property or event value with the time it was read or happened, epoch milliseconds: {@code {"value": ..,
 * "time": ..}} on the wire. The JSON node is shared, not copied: treat it as read-only.
 */
public record TimedValue(JsonNode value, long time) {

    private static final Set<String> TIMED_FIELDS = Set.of("value", "time");

    public TimedValue {
        Objects.requireNonNull(value, "value");
    }

    /** A value as Jackson writes {@code value} (a number, text, a map for a struct ...). */
    public static TimedValue of(Object value, long time) {
        return new TimedValue(AlinkJson.MAPPER.valueToTree(value), time);
    }

    /**
     * The values of a property post's params, in either form SDKs send: plain ({@code "Power": "on"}) or timed
     * ({@code "Power": {"value": "on", "time": 1524448722000}}); a value without a usable time gets
     * {@code defaultTime}. An object holding only {@code value} and {@code time} is read as the timed form.
     */
    public static Map<String, TimedValue> ofPropertyPost(JsonNode params, long defaultTime) {
        Map<String, TimedValue> values = new LinkedHashMap<>();
        params.fields().forEachRemaining(field -> values.put(field.getKey(), timed(field.getValue(), defaultTime)));
        return values;
    }

    private static TimedValue timed(JsonNode node, long defaultTime) {
        boolean wrapped = node.isObject() && node.has("value");
        for (Iterator<String> names = node.fieldNames(); wrapped && names.hasNext(); ) {
            wrapped = TIMED_FIELDS.contains(names.next());
        }
        if (!wrapped) {
            return new TimedValue(node, defaultTime);
        }
        JsonNode time = node.get("time");
        boolean usable = time != null && (time.isIntegralNumber() ? time.canConvertToLong() : time.isTextual())
                && time.asLong() > 0;
        return new TimedValue(node.get("value"), usable ? time.asLong() : defaultTime);
    }

    /** {@code {"value": .., "time": ..}}. */
    public ObjectNode toJson() {
        ObjectNode node = AlinkJson.object();
        node.set("value", value);
        return node.put("time", time);
    }
}
