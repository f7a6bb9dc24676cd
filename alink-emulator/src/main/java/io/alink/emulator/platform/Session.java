package io.alink.emulator.platform;

import io.alink.protocol.DeviceId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One authenticated MQTT connection: the device it belongs to and, for a gateway, the sub-devices currently
 * logged in through it. A registration connection exists only to receive its secret or token.
 */
final class Session {

    enum Purpose {
        /** A device (gateway or directly connected) authenticated with its secret or token. */
        DEVICE,
        /** {@code authType=register}: gets the deviceSecret pushed on /ext/register, then is closed. */
        REGISTER,
        /** {@code authType=regnwl}: gets a deviceToken pushed on /ext/regnwl, then is closed. */
        REGNWL
    }

    private final String clientId;
    private final DeviceId device;
    private final Purpose purpose;
    private final Set<DeviceId> loggedIn = ConcurrentHashMap.newKeySet();
    private final LoginRateLimiter loginRate;

    Session(String clientId, DeviceId device, Purpose purpose, int loginsPerSecond) {
        this.clientId = clientId;
        this.device = device;
        this.purpose = purpose;
        this.loginRate = new LoginRateLimiter(loginsPerSecond);
    }

    String clientId() {
        return clientId;
    }

    DeviceId device() {
        return device;
    }

    Purpose purpose() {
        return purpose;
    }

    /** Sub-devices logged in through this connection (a live view; mutate only through {@link Sessions}). */
    Set<DeviceId> loggedIn() {
        return loggedIn;
    }

    LoginRateLimiter loginRate() {
        return loginRate;
    }

    /** Whether this connection may act for {@code id}: its own device, or a sub-device logged in through it. */
    boolean actsFor(DeviceId id) {
        return device.equals(id) || loggedIn.contains(id);
    }

    @Override
    public String toString() {
        return "Session[" + device + " as " + clientId + "]";
    }
}
