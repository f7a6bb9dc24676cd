package io.alink.gateway;

import io.alink.protocol.DeviceId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place that knows which sub-devices are logged in through this gateway, with the credentials needed to
 * log them in again after the connection comes back.
 */
final class SubDeviceSessions {

    private final Map<DeviceId, SubDeviceCredentials> loggedIn = new ConcurrentHashMap<>();

    void opened(Collection<SubDeviceCredentials> devices) {
        devices.forEach(d -> loggedIn.put(d.device(), d));
    }

    /** Forgets the sessions of {@code devices}; returns those that were open. */
    List<DeviceId> closed(Collection<DeviceId> devices) {
        return devices.stream().filter(d -> loggedIn.remove(d) != null).toList();
    }

    boolean isOpen(DeviceId device) {
        return loggedIn.containsKey(device);
    }

    Set<DeviceId> devices() {
        return Set.copyOf(loggedIn.keySet());
    }

    List<SubDeviceCredentials> credentials() {
        return List.copyOf(loggedIn.values());
    }
}
