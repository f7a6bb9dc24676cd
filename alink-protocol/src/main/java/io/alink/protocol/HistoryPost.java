package io.alink.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The params of {@code thing.event.property.history.post} ({@code /sys/{pk}/{dn}/thing/event/property/history/post}):
 * values recorded earlier, each with its original time. A directly connected device sends its own; a gateway sends
 * those of its sub-devices (and its own), one entry per device. Each entry holds snapshots: objects of
 * {@code identifier -> value and time}, so that one property can have many values. Immutable; build with
 * {@link #builder()}, read a received one with {@link #parse}.
 *
 * <pre>{@code
 * [{"identity": {"productKey": "a1SubPk001", "deviceName": "sub01"},
 *   "properties": [{"Temperature": {"value": 21.5, "time": 1524448722000}},
 *                  {"Temperature": {"value": 21.7, "time": 1524448723000}}],
 *   "events": []}]
 * }</pre>
 */
public record HistoryPost(List<Entry> entries) {

    /** One device's history: snapshots of properties and of events. */
    public record Entry(DeviceId device, List<Map<String, TimedValue>> properties,
                        List<Map<String, TimedValue>> events) {
        public Entry {
            if (device == null) {
                throw new IllegalArgumentException("device is missing");
            }
            properties = snapshots(properties);
            events = snapshots(events);
        }

        private static List<Map<String, TimedValue>> snapshots(List<Map<String, TimedValue>> snapshots) {
            return snapshots.stream().map(s -> Collections.unmodifiableMap(new LinkedHashMap<>(s))).toList();
        }
    }

    public HistoryPost {
        entries = List.copyOf(entries);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int propertyCount() {
        return count(Entry::properties);
    }

    public int eventCount() {
        return count(Entry::events);
    }

    private int count(Function<Entry, List<Map<String, TimedValue>>> part) {
        return entries.stream().flatMap(e -> part.apply(e).stream()).mapToInt(Map::size).sum();
    }

    public List<DeviceId> devices() {
        return entries.stream().map(Entry::device).toList();
    }

    /** Why this message is over {@code limits} (each entry counts as a device); empty when within them. */
    public Optional<String> limitProblem(PackLimits limits) {
        return limits.problem(entries.size(), propertyCount(), eventCount());
    }

    /** The latest time of any value; {@link Long#MIN_VALUE} for an empty message. */
    public long latestTime() {
        return entries.stream().flatMap(e -> Stream.concat(e.properties().stream(),
                e.events().stream())).mapToLong(TimedValues::latest).max().orElse(Long.MIN_VALUE);
    }

    public ArrayNode params() {
        ArrayNode params = AlinkJson.nodes().arrayNode();
        for (Entry entry : entries) {
            ObjectNode node = params.addObject();
            node.set("identity", SubDeviceEntries.identity(entry.device()));
            ArrayNode properties = node.putArray("properties");
            entry.properties().forEach(snapshot -> properties.add(TimedValues.write(snapshot)));
            ArrayNode events = node.putArray("events");
            entry.events().forEach(snapshot -> events.add(TimedValues.write(snapshot)));
        }
        return params;
    }

    /**
     * Reads received params: a non-empty array of entries, every value with its time.
     *
     * @throws AlinkFormatException naming what is missing or malformed, and where
     */
    public static HistoryPost parse(JsonNode params) {
        if (params == null || !params.isArray() || params.isEmpty()) {
            throw new AlinkFormatException("params must be a non-empty JSON array of {identity, properties, events}");
        }
        List<Entry> entries = new ArrayList<>();
        Set<DeviceId> seen = new HashSet<>();
        for (int i = 0; i < params.size(); i++) {
            String at = "params[" + i + "]";
            JsonNode entry = params.get(i);
            DeviceId device = TimedValues.identity(entry, at, seen);
            entries.add(new Entry(device, snapshots(entry.get("properties"), at + ".properties"),
                    snapshots(entry.get("events"), at + ".events")));
        }
        return new HistoryPost(entries);
    }

    private static List<Map<String, TimedValue>> snapshots(JsonNode list, String where) {
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new AlinkFormatException(where + " must be a JSON array");
        }
        List<Map<String, TimedValue>> snapshots = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            snapshots.add(TimedValues.read(list.get(i), where + "[" + i + "]", null));
        }
        return snapshots;
    }

    /**
     * Collects values device by device, in the order they are added. A value joins the device's first snapshot that
     * has no value of its identifier yet, so that repeated values of one property each keep their time. Not
     * thread-safe.
     */
    public static final class Builder {
        private final Map<DeviceId, List<Map<String, TimedValue>>> properties = new LinkedHashMap<>();
        private final Map<DeviceId, List<Map<String, TimedValue>>> events = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder property(DeviceId device, String identifier, Object value, long time) {
            add(properties, device, identifier, TimedValue.of(value, time));
            return this;
        }

        public Builder event(DeviceId device, String identifier, Object value, long time) {
            add(events, device, identifier, TimedValue.of(value, time));
            return this;
        }

        /** Values already timed, of one device; nothing is added for empty maps. */
        public Builder values(DeviceId device, Map<String, TimedValue> propertyValues, Map<String, TimedValue> eventValues) {
            propertyValues.forEach((identifier, value) -> add(properties, device, identifier, value));
            eventValues.forEach((identifier, value) -> add(events, device, identifier, value));
            return this;
        }

        public HistoryPost build() {
            Set<DeviceId> devices = new LinkedHashSet<>(properties.keySet());
            devices.addAll(events.keySet());
            return new HistoryPost(devices.stream().map(d -> new Entry(d, properties.getOrDefault(d, List.of()),
                    events.getOrDefault(d, List.of()))).toList());
        }

        private static void add(Map<DeviceId, List<Map<String, TimedValue>>> byDevice, DeviceId device,
                                String identifier, TimedValue value) {
            if (device == null) {
                throw new IllegalArgumentException("device is missing");
            }
            String checked = TimedValues.identifier(identifier);
            List<Map<String, TimedValue>> snapshots = byDevice.computeIfAbsent(device, d -> new ArrayList<>());
            Map<String, TimedValue> free = snapshots.stream().filter(s -> !s.containsKey(checked)).findFirst()
                    .orElseGet(() -> {
                        Map<String, TimedValue> added = new LinkedHashMap<>();
                        snapshots.add(added);
                        return added;
                    });
            free.put(checked, value);
        }
    }
}
