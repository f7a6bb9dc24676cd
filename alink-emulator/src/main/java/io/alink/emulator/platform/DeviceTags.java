package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tags devices reported with {@code thing/deviceinfo/update} ({attrKey, attrValue}) and took back with
 * {@code .../delete}, by device, since the emulator started: the console shows them, nothing else reads them.
 */
public final class DeviceTags {
    private final Map<DeviceId, Map<String, String>> tags = new ConcurrentHashMap<>();

    /** The device's tags by attrKey, sorted; empty when it reported none. */
    public Map<String, String> of(DeviceId device) {
        Map<String, String> own = tags.get(device);
        if (own == null) {
            return Map.of();
        }
        synchronized (own) {
            return new TreeMap<>(own);
        }
    }

    void update(DeviceId device, JsonNode entries, boolean delete) {
        Map<String, String> own = tags.computeIfAbsent(device, d -> new TreeMap<>());
        synchronized (own) {
            for (JsonNode entry : entries) {
                String key = AlinkJson.text(entry, "attrKey");
                if (delete) {
                    own.remove(key);
                } else {
                    String value = AlinkJson.text(entry, "attrValue");
                    own.put(key, value == null ? "" : value);
                }
            }
        }
    }
}
