package io.alink.gateway;

import java.util.OptionalInt;

/**
 * The connection to the platform failed, was refused, or is not there (not connected yet, lost, or closed).
 * A refused CONNECT carries the MQTT 3.1.1 CONNACK return code (4 bad user name or password, 5 not authorized ...).
 */
public class ConnectionException extends GatewayException {
    private static final long serialVersionUID = 1L;
    private final int connackCode;

    /**
     * A connection that failed or is not there.
     *
     * @param message what failed, naming the endpoint or the operation
     * @param cause   the underlying failure; null when there is none
     */
    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
        this.connackCode = -1;
    }

    /**
     * A CONNECT the server refused.
     *
     * @param message     what was refused and what to check; the return code is appended
     * @param connackCode the CONNACK return code, 1 to 5
     */
    public ConnectionException(String message, int connackCode) {
        super(message + " (CONNACK return code " + connackCode + ")");
        this.connackCode = connackCode;
    }

    /** {@return the CONNACK return code of a refused CONNECT; empty for other failures} */
    public OptionalInt connackCode() {
        return connackCode < 0 ? OptionalInt.empty() : OptionalInt.of(connackCode);
    }
}
