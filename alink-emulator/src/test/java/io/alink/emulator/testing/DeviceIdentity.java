package io.alink.emulator.testing;

import io.alink.protocol.DeviceId;

/** A device the emulator knows, with the secret it signs with (null for one that must register first). */
public record DeviceIdentity(DeviceId id, String deviceSecret) {

    public String productKey() {
        return id.productKey();
    }

    public String deviceName() {
        return id.deviceName();
    }
}
