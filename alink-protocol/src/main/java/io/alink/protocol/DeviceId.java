package io.alink.protocol;

import java.util.Objects;

/**
 * A device's identity on the platform: its productKey and deviceName. Gateways and sub-devices alike.
 * Both parts are non-empty and contain no MQTT topic separator or wildcard, so they can be placed in a topic.
 */
public record DeviceId(String productKey, String deviceName) implements Comparable<DeviceId> {

    public DeviceId {
        requireTopicSafe("productKey", productKey);
        requireTopicSafe("deviceName", deviceName);
    }

    public static DeviceId of(String productKey, String deviceName) {
        return new DeviceId(productKey, deviceName);
    }

    private static void requireTopicSafe(String field, String value) {
        Objects.requireNonNull(value, field);
        if (!isValidPart(value)) {
            throw new IllegalArgumentException(field + " must be non-empty, without '/', '+', '#' or spaces: '" + value + "'");
        }
    }

    /** Whether a string could be used as a productKey or deviceName. */
    public static boolean isValidPart(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '+' || c == '#' || c <= ' ') {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(DeviceId o) {
        int c = productKey.compareTo(o.productKey);
        return c != 0 ? c : deviceName.compareTo(o.deviceName);
    }

    @Override
    public String toString() {
        return productKey + "/" + deviceName;
    }
}
