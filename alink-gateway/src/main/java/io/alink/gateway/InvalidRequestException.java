package io.alink.gateway;

/**
 * Bad input detected before anything was sent: a missing identity field, a topic that is too long, outside this
 * gateway's namespace or carries a wildcard where none is allowed, a QoS other than 0 or 1, a payload too large.
 * Thrown synchronously by the method that was given the input.
 */
public class InvalidRequestException extends GatewayException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with which input */
    public InvalidRequestException(String message) {
        super(message);
    }
}
