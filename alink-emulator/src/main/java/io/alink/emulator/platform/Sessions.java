package io.alink.emulator.platform;

import io.alink.protocol.DeviceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is online: connections by MQTT clientId and by device, and which gateway connection each logged-in
 * sub-device uses. Reads are lock-free (they sit on every publish's path); changes hold this object's lock.
 */
final class Sessions {

    private final Map<String, Session> pending = new ConcurrentHashMap<>();
    private final Map<String, Session> byClientId = new ConcurrentHashMap<>();
    private final Map<DeviceId, Session> byDevice = new ConcurrentHashMap<>();
    private final Map<DeviceId, Session> subDeviceSession = new ConcurrentHashMap<>();

    /** Remembers an accepted CONNECT until the connection is up. */
    void authenticated(Session session) {
        pending.put(session.clientId(), session);
    }

    /**
     * Makes a pending connection live. Returns the session it replaces for the same device (to be disconnected:
     * one connection per device), if any.
     */
    synchronized Optional<Session> connected(String clientId) {
        Session session = pending.remove(clientId);
        if (session == null) {
            return Optional.empty();
        }
        Session previousForClient = byClientId.put(clientId, session);
        if (previousForClient != null) {
            dropSubDevices(previousForClient);
        }
        if (session.purpose() != Session.Purpose.DEVICE) {
            return Optional.empty();
        }
        Session previous = byDevice.put(session.device(), session);
        return previous == null || previous.clientId().equals(clientId) ? Optional.empty() : Optional.of(previous);
    }

    /** Forgets a connection and takes its sub-devices offline. Returns the sub-devices that went offline. */
    synchronized List<DeviceId> disconnected(String clientId) {
        Session session = byClientId.remove(clientId);
        if (session == null) {
            return List.of();
        }
        byDevice.remove(session.device(), session);
        return dropSubDevices(session);
    }

    private List<DeviceId> dropSubDevices(Session session) {
        List<DeviceId> dropped = new ArrayList<>(session.loggedIn());
        for (DeviceId sub : dropped) {
            subDeviceSession.remove(sub, session);
        }
        session.loggedIn().clear();
        return dropped;
    }

    Optional<Session> byClientId(String clientId) {
        return Optional.ofNullable(byClientId.get(clientId));
    }

    Optional<Session> byDevice(DeviceId device) {
        return Optional.ofNullable(byDevice.get(device));
    }

    /** The connection that carries {@code device}: its own, or its gateway's while it is logged in. */
    Optional<Session> carrying(DeviceId device) {
        Session own = byDevice.get(device);
        return own != null ? Optional.of(own) : Optional.ofNullable(subDeviceSession.get(device));
    }

    boolean isOnline(DeviceId device) {
        return byDevice.containsKey(device) || subDeviceSession.containsKey(device);
    }

    /** The gateway a sub-device is logged in through, if it is. */
    Optional<DeviceId> loggedInVia(DeviceId subDevice) {
        Session s = subDeviceSession.get(subDevice);
        return s == null ? Optional.empty() : Optional.of(s.device());
    }

    /** Logs sub-devices in through {@code session}; a sub-device logged in elsewhere moves here. */
    synchronized List<Session> login(Session session, List<DeviceId> subDevices) {
        List<Session> movedFrom = new ArrayList<>();
        for (DeviceId sub : subDevices) {
            Session previous = subDeviceSession.put(sub, session);
            if (previous != null && previous != session) {
                previous.loggedIn().remove(sub);
                movedFrom.add(previous);
            }
            session.loggedIn().add(sub);
        }
        return movedFrom;
    }

    /** Logs a sub-device out of whatever connection carries it; returns that connection. */
    synchronized Optional<Session> logout(DeviceId subDevice) {
        Session session = subDeviceSession.remove(subDevice);
        if (session != null) {
            session.loggedIn().remove(subDevice);
        }
        return Optional.ofNullable(session);
    }
}
