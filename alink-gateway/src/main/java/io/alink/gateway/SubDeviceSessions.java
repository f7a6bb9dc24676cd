package io.alink.gateway;

import io.alink.protocol.DeviceId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place that knows which sub-devices the application logged in through this gateway, with the credentials
 * needed to log them in again, and whether the platform has their session right now. A sub-device stays logged in
 * (from the application's view) across a lost connection or a session the platform dropped (code 520); it is only
 * offline until the client has logged it in again.
 */
final class SubDeviceSessions {

    private record Session(SubDeviceCredentials credentials, boolean online) {
    }

    private final Map<DeviceId, Session> loggedIn = new ConcurrentHashMap<>();

    /** The platform confirmed the login of {@code devices}. */
    void opened(Collection<SubDeviceCredentials> devices) {
        devices.forEach(d -> loggedIn.put(d.device(), new Session(d, true)));
    }

    /** Forgets the sessions of {@code devices}; returns those that were open. */
    List<DeviceId> closed(Collection<DeviceId> devices) {
        return devices.stream().filter(d -> loggedIn.remove(d) != null).toList();
    }

    /** The connection is gone, and with it every sub-device session on the platform. */
    void allOffline() {
        loggedIn.replaceAll((device, session) -> new Session(session.credentials(), false));
    }

    /** The platform no longer has {@code device}'s session (it answered a message with code 520). */
    void offline(DeviceId device) {
        loggedIn.computeIfPresent(device, (d, session) -> new Session(session.credentials(), false));
    }

    /** Logged in by the application (whether or not the platform has the session right now). */
    boolean isOpen(DeviceId device) {
        return loggedIn.containsKey(device);
    }

    /** Logged in, and the platform has the session: its messages can go. */
    boolean isOnline(DeviceId device) {
        Session session = loggedIn.get(device);
        return session != null && session.online();
    }

    Set<DeviceId> devices() {
        return Set.copyOf(loggedIn.keySet());
    }

    /** The sub-devices to log in again: logged in by the application, but without a session on the platform. */
    List<SubDeviceCredentials> offlineCredentials() {
        return loggedIn.values().stream().filter(s -> !s.online()).map(Session::credentials).toList();
    }
}
