package io.alink.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code {identifier: {value, time}}} objects of pack/post and history/post, written and read in one place. */
final class TimedValues {

    private TimedValues() {
    }

    static ObjectNode write(Map<String, TimedValue> values) {
        ObjectNode node = new ObjectNode(AlinkJson.nodes(), new LinkedHashMap<>(values.size() * 4 / 3 + 1));
        values.forEach((identifier, value) -> node.set(identifier, value.toJson()));
        return node;
    }

    /** {@link #write(Map)} straight to {@code out}. */
    static void write(JsonGenerator out, Map<String, TimedValue> values) throws IOException {
        out.writeStartObject();
        for (Map.Entry<String, TimedValue> entry : values.entrySet()) {
            out.writeObjectFieldStart(entry.getKey());
            out.writeFieldName("value");
            JsonNode value = entry.getValue().value();
            if (value instanceof NumericNode || value instanceof TextNode || value instanceof BooleanNode) {
                // these write themselves without a serializer provider, which writeTree would set up for each
                value.serialize(out, null);
            } else {
                out.writeTree(value);
            }
            out.writeNumberField("time", entry.getValue().time());
            out.writeEndObject();
        }
        out.writeEndObject();
    }

    /**
     * Reads such an object; {@code where} names it in errors. A value without a time gets {@code defaultTime}, or
     * is refused when that is null (history/post needs every time).
     *
     * @throws AlinkFormatException naming the identifier and what is wrong
     */
    static Map<String, TimedValue> read(JsonNode node, String where, Long defaultTime) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new AlinkFormatException(where + " must be a JSON object");
        }
        // sized for all of them: a pack's 200 values would otherwise grow the map five times
        Map<String, TimedValue> values = new LinkedHashMap<>(node.size() * 4 / 3 + 1);
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = where + "." + field.getKey();
            TopicLevel.IDENTIFIER.problem(field.getKey()).ifPresent(problem -> {
                throw new AlinkFormatException(where + ": an identifier " + problem);
            });
            JsonNode entry = field.getValue();
            if (!entry.isObject() || !entry.has("value")) {
                throw new AlinkFormatException(at + " must be {\"value\": .., \"time\": ..}");
            }
            values.put(field.getKey(), new TimedValue(entry.get("value"), time(entry.get("time"), at, defaultTime)));
        }
        return Collections.unmodifiableMap(values);
    }

    /** Epoch ms as a number or a string of digits, the ways SDKs send timestamps. */
    private static long time(JsonNode time, String at, Long defaultTime) {
        if (time == null || time.isNull()) {
            if (defaultTime == null) {
                throw new AlinkFormatException(at + ".time is missing");
            }
            return defaultTime;
        }
        if (time.isIntegralNumber() && time.canConvertToLong() && time.longValue() >= 0) {
            return time.longValue();
        }
        if (time.isTextual() && time.asText().matches("\\d{1,18}")) {
            return Long.parseLong(time.asText());
        }
        throw new AlinkFormatException(at + ".time must be epoch milliseconds");
    }

    /**
     * The device an entry's {@code identity} names, {@code at} naming the entry in errors; refused when it names none,
     * or one already in {@code seen}.
     */
    static DeviceId identity(JsonNode entry, String at, Set<DeviceId> seen) {
        DeviceId device = SubDeviceEntries.device(entry.path("identity")).orElseThrow(() ->
                new AlinkFormatException(at + ".identity needs a valid productKey and deviceName"));
        if (!seen.add(device)) {
            throw new AlinkFormatException(at + ": device " + device + " appears twice");
        }
        return device;
    }

    static String identifier(String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            throw new IllegalArgumentException("an identifier is missing");
        }
        TopicLevel.IDENTIFIER.problem(identifier).ifPresent(problem -> {
            throw new IllegalArgumentException("identifier " + problem);
        });
        return identifier;
    }

    static long latest(Map<String, TimedValue> values) {
        return values.values().stream().mapToLong(TimedValue::time).max().orElse(Long.MIN_VALUE);
    }
}
