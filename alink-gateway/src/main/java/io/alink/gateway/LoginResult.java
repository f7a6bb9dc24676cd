package io.alink.gateway;

import io.alink.protocol.DeviceId;
import java.util.List;

/**
 * Sub-devices whose session the platform confirmed opened (login) or closed (logout), in request order.
 *
 * @param devices the sub-devices, read-only
 */
public record LoginResult(List<DeviceId> devices) {

    /**
     * Copies {@code devices}.
     *
     * @param devices the sub-devices, read-only
     */
    public LoginResult {
        devices = List.copyOf(devices);
    }
}
