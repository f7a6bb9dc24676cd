package io.alink.gateway;

import io.alink.protocol.DeviceId;
import java.util.Objects;

/**
 * A gateway's identity as stored on the device: productKey, deviceName and the secrets it has (deviceSecret, issued
 * by dynamic registration or configured; productSecret, if configured). Either secret may be null.
 * {@link #toString()} hides both.
 */
public record GatewayIdentity(String productKey, String deviceName, String deviceSecret, String productSecret) {

    public GatewayIdentity {
        Objects.requireNonNull(productKey, "productKey");
        Objects.requireNonNull(deviceName, "deviceName");
    }

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
