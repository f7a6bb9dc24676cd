package io.alink.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One device's part of a {@link PackPost}: its properties and events, each {@code identifier -> value and time}. */
public record DeviceValues(DeviceId device, Map<String, TimedValue> properties, Map<String, TimedValue> events) {

    public DeviceValues {
        Objects.requireNonNull(device, "device");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        events = Collections.unmodifiableMap(new LinkedHashMap<>(events));
    }
}
