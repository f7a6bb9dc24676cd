package io.alink.gateway;

/**
 * The outbox's storage failed: the journal in the store folder cannot be opened, written or read (a full or
 * read-only disk, a damaged file), or it was closed with the client. A message whose enqueue fails this way was not
 * journaled.
 */
public class OutboxStorageException extends GatewayException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be done with the journal
     * @param cause   the storage's failure
     */
    public OutboxStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
