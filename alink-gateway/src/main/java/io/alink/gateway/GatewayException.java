package io.alink.gateway;

/**
 * Base of every failure the gateway library reports. Unchecked, and delivered as the cause of a failed
 * {@link java.util.concurrent.CompletableFuture} (wrapped in a {@link java.util.concurrent.CompletionException} by
 * {@code join()}). Messages never contain a secret.
 */
public class GatewayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, as a sentence a person can act on */
    public GatewayException(String message) {
        super(message);
    }

    /**
     * @param message what failed, as a sentence a person can act on
     * @param cause   the underlying failure
     */
    public GatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
