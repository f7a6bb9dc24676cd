package io.alink.gateway;

/** Told when the connection to the platform comes up and goes down. Called on the client's callback executor. */
public interface ConnectionListener {

    /**
     * Connected.
     *
     * @param reconnect true after an automatic reconnection, false for the first connection
     */
    default void connected(boolean reconnect) {
    }

    /**
     * The connection was lost, or closed by {@link GatewayClient#close()}.
     *
     * @param cause why: the MQTT client's report of a loss, a {@link ConnectionTakenOverException} when another
     *              client with the same identity took the connection over, a {@link ConnectionException} on close
     */
    default void disconnected(Throwable cause) {
    }
}
