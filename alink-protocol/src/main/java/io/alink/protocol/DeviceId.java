package io.alink.protocol;

/**
 * A device's identity on the platform: its productKey and deviceName. Gateways and sub-devices alike.
 * Both parts follow the platform's naming rule ({@link TopicLevel#DEVICE_PART}), so they can be placed in a topic.
 */
public record DeviceId(String productKey, String deviceName) implements Comparable<DeviceId> {

    /** @throws IllegalArgumentException naming the part that breaks the rule, and how */
    public DeviceId {
        TopicLevel.DEVICE_PART.require("productKey", productKey);
        TopicLevel.DEVICE_PART.require("deviceName", deviceName);
    }

    public static DeviceId of(String productKey, String deviceName) {
        return new DeviceId(productKey, deviceName);
    }

    /** Whether a string could be used as a productKey or deviceName. */
    public static boolean isValidPart(String value) {
        return TopicLevel.DEVICE_PART.accepts(value);
    }

    /**
     * As a record's, written out: the generated one goes through method handles that the JIT did not inline on the
     * publish path (a fifth of the gateway library's own time per publish in a profile), and every publish and
     * session look-up compares device ids.
     */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof DeviceId other
                && productKey.equals(other.productKey) && deviceName.equals(other.deviceName);
    }

    @Override
    public int hashCode() {
        return 31 * productKey.hashCode() + deviceName.hashCode();
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
