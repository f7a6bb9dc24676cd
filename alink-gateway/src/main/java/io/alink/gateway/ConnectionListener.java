package io.alink.gateway;

/** Told when the connection to the platform comes up and goes down. Called on the client's callback executor. */
public interface ConnectionListener {

    /** Connected; {@code reconnect} is true after an automatic reconnection. */
    default void connected(boolean reconnect) {
    }

    /** The connection was lost ({@code cause} says why) or closed by {@link GatewayClient#close()}. */
    default void disconnected(Throwable cause) {
    }
}
