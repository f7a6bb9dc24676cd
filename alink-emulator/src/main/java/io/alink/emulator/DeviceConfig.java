package io.alink.emulator;

import java.util.Objects;

/**
 * A device as configured: its name and, unless its secret is to be issued by dynamic registration, its secret.
 * {@link #toString()} hides the secret.
 */
public record DeviceConfig(String deviceName, String deviceSecret) {

    public DeviceConfig {
        Objects.requireNonNull(deviceName, "deviceName");
    }

    @Override
    public String toString() {
        return "DeviceConfig[deviceName=" + deviceName + ", deviceSecret=" + (deviceSecret == null ? "none" : "***") + "]";
    }
}
