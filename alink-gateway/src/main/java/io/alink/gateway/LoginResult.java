package io.alink.gateway;

import io.alink.protocol.DeviceId;
import java.util.List;

/** Sub-devices whose session the platform confirmed opened (login) or closed (logout), in request order. */
public record LoginResult(List<DeviceId> devices) {

    public LoginResult {
        devices = List.copyOf(devices);
    }
}
