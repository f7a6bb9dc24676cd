package io.alink.daemon;

import io.alink.gateway.GatewayIdentity;
import io.alink.gateway.GatewayStore;
import io.alink.gateway.SubDeviceCredentials;
import io.alink.protocol.DeviceId;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Secrets the platform issued to sub-devices the daemon registered. The platform hands a secret out only until the
 * device is activated, so losing it would orphan the device: each is kept in its own folder by the library's
 * {@link GatewayStore}, which writes owner-only files atomically (a crash leaves the old file or the new one).
 */
final class SubDeviceSecrets {

    private final Path dir;

    SubDeviceSecrets(Path dir) {
        this.dir = dir;
    }

    Optional<String> read(DeviceId device) {
        return store(device).read()
                .filter(identity -> identity.deviceId().equals(device))
                .map(GatewayIdentity::deviceSecret);
    }

    void save(SubDeviceCredentials credentials) {
        DeviceId device = credentials.device();
        store(device).write(new GatewayIdentity(device.productKey(), device.deviceName(),
                credentials.deviceSecret(), null));
    }

    private GatewayStore store(DeviceId device) {
        return new GatewayStore(dir.resolve(folderName(device.productKey())).resolve(folderName(device.deviceName())));
    }

    /** A productKey or deviceName as a folder name; "." and ".." would leave the store (the platform allows neither). */
    private static String folderName(String part) {
        if (part.equals(".") || part.equals("..")) {
            throw new IllegalArgumentException("'" + part + "' cannot name a sub-device's folder");
        }
        return part;
    }
}
