package io.alink.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
        return new TimedValue(node(value), time);
    }

    /**
     * The node Jackson's {@code valueToTree} makes of {@code value}; the plain kinds a field device reads are made
     * directly, since going through Jackson's token buffer cost more than the rest of building a pack.
     */
    private static JsonNode node(Object value) {
        if (value instanceof Long number) {
            return LongNode.valueOf(number);
        }
        if (value instanceof Integer number) {
            return IntNode.valueOf(number);
        }
        if (value instanceof Double number && Double.isFinite(number)) {
            return DoubleNode.valueOf(number);
        }
        if (value instanceof String text) {
            return TextNode.valueOf(text);
        }
        if (value instanceof Boolean bool) {
            return BooleanNode.valueOf(bool);
        }
        return AlinkJson.MAPPER.valueToTree(value);
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
        // sized for its two fields: a pack holds hundreds of these
        ObjectNode node = new ObjectNode(AlinkJson.nodes(), new LinkedHashMap<>(4));
        node.set("value", value);
        return node.put("time", time);
    }
}
