package io.alink.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The params of a gateway's {@code thing.event.property.pack.post}
 * ({@code /sys/{gwPk}/{gwDn}/thing/event/property/pack/post}): the gateway's own properties and events, and those of
 * its sub-devices, each value with its time. Immutable; build with {@link #builder()}, read a received one with
 * {@link #parse}. The builder does not enforce {@link PackLimits}: a sender checks them before sending, the platform
 * on receipt.
 *
 * <pre>{@code
 * {"properties": {"Power": {"value": "on", "time": 1524448722000}}, "events": {},
 *  "subDevices": [{"identity": {"productKey": "a1SubPk001", "deviceName": "sub01"},
 *                  "properties": {"Temperature": {"value": 21.5, "time": 1524448722000}}, "events": {}}]}
 * }</pre>
 */
public record PackPost(Map<String, TimedValue> properties, Map<String, TimedValue> events,
                       List<DeviceValues> subDevices) {

    public PackPost {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        events = Collections.unmodifiableMap(new LinkedHashMap<>(events));
        subDevices = List.copyOf(subDevices);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Properties in the message, the gateway's and all sub-devices' together (what {@link PackLimits} counts). */
    public int propertyCount() {
        return properties.size() + subDevices.stream().mapToInt(d -> d.properties().size()).sum();
    }

    public int eventCount() {
        return events.size() + subDevices.stream().mapToInt(d -> d.events().size()).sum();
    }

    public List<DeviceId> devices() {
        return subDevices.stream().map(DeviceValues::device).toList();
    }

    /** Why this message is over {@code limits}; empty when it is within them. */
    public Optional<String> limitProblem(PackLimits limits) {
        return limits.problem(subDevices.size(), propertyCount(), eventCount());
    }

    /** The latest time of any value; {@link Long#MIN_VALUE} for an empty message. */
    public long latestTime() {
        return Stream.concat(Stream.of(properties, events),
                        subDevices.stream().flatMap(d -> Stream.of(d.properties(), d.events())))
                .mapToLong(TimedValues::latest).max().orElse(Long.MIN_VALUE);
    }

    /** The same values as a history/post, with their times; the gateway's own under its identity. */
    public HistoryPost toHistory(DeviceId gateway) {
        HistoryPost.Builder history = HistoryPost.builder();
        history.values(gateway, properties, events);
        subDevices.forEach(d -> history.values(d.device(), d.properties(), d.events()));
        return history.build();
    }

    public ObjectNode params() {
        ObjectNode params = AlinkJson.object();
        params.set("properties", TimedValues.write(properties));
        params.set("events", TimedValues.write(events));
        ArrayNode list = params.putArray("subDevices");
        for (DeviceValues device : subDevices) {
            ObjectNode entry = list.addObject();
            entry.set("identity", SubDeviceEntries.identity(device.device()));
            entry.set("properties", TimedValues.write(device.properties()));
            entry.set("events", TimedValues.write(device.events()));
        }
        return params;
    }

    /** Writes {@link #params()} to {@code out}, the same JSON without its tree. */
    public void writeParams(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeFieldName("properties");
        TimedValues.write(out, properties);
        out.writeFieldName("events");
        TimedValues.write(out, events);
        out.writeArrayFieldStart("subDevices");
        for (DeviceValues device : subDevices) {
            out.writeStartObject();
            out.writeObjectFieldStart("identity");
            out.writeStringField("productKey", device.device().productKey());
            out.writeStringField("deviceName", device.device().deviceName());
            out.writeEndObject();
            out.writeFieldName("properties");
            TimedValues.write(out, device.properties());
            out.writeFieldName("events");
            TimedValues.write(out, device.events());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    /**
     * Reads received params; a value without a time gets {@code receivedAt}, as the platform stamps it.
     *
     * @throws AlinkFormatException naming what is missing or malformed, and where
     */
    public static PackPost parse(JsonNode params, long receivedAt) {
        if (params == null || !params.isObject()) {
            throw new AlinkFormatException("params must be a JSON object");
        }
        JsonNode list = params.get("subDevices");
        List<DeviceValues> subDevices = new ArrayList<>();
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new AlinkFormatException("subDevices must be a JSON array");
            }
            Set<DeviceId> seen = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String at = "subDevices[" + i + "]";
                JsonNode entry = list.get(i);
                DeviceId device = TimedValues.identity(entry, at, seen);
                subDevices.add(new DeviceValues(device, TimedValues.read(entry.get("properties"), at + ".properties",
                        receivedAt), TimedValues.read(entry.get("events"), at + ".events", receivedAt)));
            }
        }
        return new PackPost(TimedValues.read(params.get("properties"), "properties", receivedAt),
                TimedValues.read(params.get("events"), "events", receivedAt), subDevices);
    }

    /** Collects values device by device, in the order they are added. Not thread-safe. */
    public static final class Builder {
        private final Map<String, TimedValue> properties = new LinkedHashMap<>();
        private final Map<String, TimedValue> events = new LinkedHashMap<>();
        private final Map<DeviceId, Map<String, TimedValue>> subProperties = new LinkedHashMap<>();
        private final Map<DeviceId, Map<String, TimedValue>> subEvents = new LinkedHashMap<>();
        private int propertyCount;
        /** The properties of the device last added to: a reading adds many values of one device in a row. */
        private DeviceId lastDevice;
        private Map<String, TimedValue> lastProperties;

        private Builder() {
        }

        /** A property of the gateway itself. */
        public Builder property(String identifier, Object value, long time) {
            put(properties, identifier, TimedValue.of(value, time));
            propertyCount++;
            return this;
        }

        /** An event of the gateway itself, {@code value} being its output values. */
        public Builder event(String identifier, Object value, long time) {
            put(events, identifier, TimedValue.of(value, time));
            return this;
        }

        /**
         * A property of sub-device {@code device}.
         *
         * @throws IllegalArgumentException when the pack already holds a value of that property of that device (the
         *                                  message has room for one), or for an invalid identifier
         */
        public Builder property(DeviceId device, String identifier, Object value, long time) {
            TimedValue timed = TimedValue.of(value, time);
            if (device != null && device.equals(lastDevice)) {
                put(lastProperties, identifier, timed);
            } else {
                lastProperties = put(subProperties, device, identifier, timed);
                lastDevice = device;
            }
            propertyCount++;
            return this;
        }

        /** Properties of sub-device {@code device}, all read at {@code time}. */
        public Builder properties(DeviceId device, Map<String, ?> values, long time) {
            values.forEach((identifier, value) -> property(device, identifier, value, time));
            return this;
        }

        /** An event of sub-device {@code device}. */
        public Builder event(DeviceId device, String identifier, Object value, long time) {
            put(subEvents, device, identifier, TimedValue.of(value, time));
            return this;
        }

        /**
         * Whether properties {@code identifiers} of {@code device} can join this pack within {@code limits}: the
         * counts stay within them and none of those properties of that device is in the pack already.
         */
        public boolean fits(DeviceId device, Collection<String> identifiers, PackLimits limits) {
            Map<String, TimedValue> present = subProperties.getOrDefault(device, Map.of());
            boolean newDevice = !subProperties.containsKey(device) && !subEvents.containsKey(device);
            int subDevices = subDeviceCount() + (newDevice ? 1 : 0);
            return identifiers.stream().noneMatch(present::containsKey)
                    && limits.problem(subDevices, propertyCount + identifiers.size(), 0).isEmpty();
        }

        public boolean isEmpty() {
            return propertyCount == 0 && events.isEmpty() && subEvents.isEmpty();
        }

        public int propertyCount() {
            return propertyCount;
        }

        private int subDeviceCount() {
            int count = subProperties.size();
            for (DeviceId device : subEvents.keySet()) {
                count += subProperties.containsKey(device) ? 0 : 1;
            }
            return count;
        }

        public PackPost build() {
            List<DeviceValues> subDevices = new ArrayList<>();
            Set<DeviceId> devices = new LinkedHashSet<>(subProperties.keySet());
            devices.addAll(subEvents.keySet());
            devices.forEach(d -> subDevices.add(new DeviceValues(d, subProperties.getOrDefault(d, Map.of()),
                    subEvents.getOrDefault(d, Map.of()))));
            return new PackPost(properties, events, subDevices);
        }

        /** Adds a value of {@code device} to {@code byDevice}; returns the device's values there. */
        private static Map<String, TimedValue> put(Map<DeviceId, Map<String, TimedValue>> byDevice, DeviceId device,
                                                   String identifier, TimedValue value) {
            if (device == null) {
                throw new IllegalArgumentException("device is missing");
            }
            String checked = TimedValues.identifier(identifier);
            Map<String, TimedValue> values = byDevice.get(device);
            if (values == null) {
                // sized for a full pack of one device, the common case of a field reading
                values = new LinkedHashMap<>(PackLimits.PACK.properties() * 4 / 3 + 1);
                byDevice.put(device, values);
            } else if (values.containsKey(checked)) {
                throw duplicate(checked);
            }
            values.put(checked, value);
            return values;
        }

        private static void put(Map<String, TimedValue> values, String identifier, TimedValue value) {
            if (values.putIfAbsent(TimedValues.identifier(identifier), value) != null) {
                throw duplicate(identifier);
            }
        }

        private static IllegalArgumentException duplicate(String identifier) {
            return new IllegalArgumentException("the pack already holds a value of " + identifier
                    + " for this device; one message has room for one");
        }
    }
}
