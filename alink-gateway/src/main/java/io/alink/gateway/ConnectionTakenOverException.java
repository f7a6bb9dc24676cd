package io.alink.gateway;

import io.alink.protocol.DeviceId;
import java.time.Duration;

/**
 * The platform closed the connection because another client connected with the same identity, and not for the first
 * time: the connection was closed {@value Takeovers#CLOSES} times in a row within seconds of being accepted. The client
 * waits longer than usual before it connects again, rather than take the connection back at once and be closed again
 * in turn. Two processes sharing a gateway's identity need fixing: stop one, or give it an identity of its own.
 * Reported to {@link ConnectionListener#disconnected}.
 */
public class ConnectionTakenOverException extends ConnectionException {
    private static final long serialVersionUID = 1L;
    private final transient DeviceId identity;
    private final Duration reconnectDelay;

    /**
     * @param identity       the device whose connection was taken over
     * @param closes         the connections closed in a row right after they were accepted
     * @param reconnectDelay how long the client waits before it connects again
     * @param cause          how the last connection ended, as the MQTT client reported it
     */
    public ConnectionTakenOverException(DeviceId identity, int closes, Duration reconnectDelay, Throwable cause) {
        super("another client with the same identity " + identity + " took this connection over (the platform closed "
                + closes + " connections in a row within " + Takeovers.SHORT_LIVED.toSeconds()
                + " s of accepting them); connecting again in " + shown(reconnectDelay) + " rather than"
                + " taking it back: stop the other client, or give it its own deviceName", cause);
        this.identity = identity;
        this.reconnectDelay = reconnectDelay;
    }

    private static String shown(Duration delay) {
        return delay.toMillis() < 10_000 ? delay.toMillis() + " ms" : delay.toSeconds() + " s";
    }

    /** {@return the device whose connection was taken over} */
    public DeviceId identity() {
        return identity;
    }

    /** {@return how long the client waits before it connects again} */
    public Duration reconnectDelay() {
        return reconnectDelay;
    }
}
