package io.alink.gateway;

import io.alink.protocol.ConfigFile;
import io.alink.protocol.DeviceId;

/**
 * The platform pushed a new remote configuration file ({@code thing/config/push}) to a device.
 *
 * @param device the gateway or the logged-in sub-device it was pushed to
 * @param file   where the file is; download it with {@link RemoteConfig#download}
 */
public record ConfigPush(DeviceId device, ConfigFile file) {
}
