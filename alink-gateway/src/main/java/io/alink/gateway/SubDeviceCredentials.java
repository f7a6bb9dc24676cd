package io.alink.gateway;

import io.alink.protocol.DeviceId;
import java.util.Objects;

/**
 * A sub-device with its deviceSecret: what topology add and login sign with, and what sub-device registration
 * returns ({@code iotId} set by the platform, null otherwise). {@link #toString()} hides the secret.
 */
public record SubDeviceCredentials(DeviceId device, String deviceSecret, String iotId) {

    public SubDeviceCredentials {
        Objects.requireNonNull(device, "device");
        if (deviceSecret == null || deviceSecret.isEmpty()) {
            throw new InvalidRequestException("deviceSecret of " + device + " is missing");
        }
    }

    /** @throws InvalidRequestException when a field is missing, empty, or cannot be placed in a topic */
    public static SubDeviceCredentials of(String productKey, String deviceName, String deviceSecret) {
        return new SubDeviceCredentials(Validation.deviceId(productKey, deviceName), deviceSecret, null);
    }

    @Override
    public String toString() {
        return "SubDeviceCredentials[device=" + device + ", deviceSecret=***, iotId=" + iotId + "]";
    }
}
