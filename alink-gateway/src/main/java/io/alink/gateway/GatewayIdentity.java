package io.alink.gateway;

import io.alink.protocol.DeviceId;
import java.util.Objects;

/**
 * A gateway's identity as stored on the device: productKey, deviceName and the secrets it has (deviceSecret, issued
 * by dynamic registration or configured; productSecret, if configured). Either secret may be null.
 * {@link #toString()} hides both.
 *
 * @param productKey    the gateway's product
 * @param deviceName    the gateway's name within its product
 * @param deviceSecret  the gateway's own secret; null when not known
 * @param productSecret the product's secret; null when not configured
 */
public record GatewayIdentity(String productKey, String deviceName, String deviceSecret, String productSecret) {

    /**
     * Checks that productKey and deviceName are there.
     *
     * @param productKey    the gateway's product
     * @param deviceName    the gateway's name within its product
     * @param deviceSecret  the gateway's own secret; null when not known
     * @param productSecret the product's secret; null when not configured
     */
    public GatewayIdentity {
        Objects.requireNonNull(productKey, "productKey");
        Objects.requireNonNull(deviceName, "deviceName");
    }

    /** {@return productKey and deviceName as a device id} */
    public DeviceId deviceId() {
        return DeviceId.of(productKey, deviceName);
    }

    @Override
    public String toString() {
        return "GatewayIdentity[productKey=" + productKey + ", deviceName=" + deviceName + ", deviceSecret="
                + (deviceSecret == null ? "none" : "***") + ", productSecret="
                + (productSecret == null ? "none" : "***")
                + "]";
    }
}
