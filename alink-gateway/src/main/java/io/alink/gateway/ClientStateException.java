package io.alink.gateway;

/**
 * The call does not fit how the client was configured: {@code enqueue} on a client without an outbox. Thrown
 * synchronously; nothing was sent or journaled.
 */
public class ClientStateException extends GatewayException {
    private static final long serialVersionUID = 1L;

    /** @param message what does not fit, and what the configuration would need */
    public ClientStateException(String message) {
        super(message);
    }
}
