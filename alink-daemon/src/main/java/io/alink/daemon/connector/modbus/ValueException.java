package io.alink.daemon.connector.modbus;

/** A value that cannot be turned into registers (or read out of them); the message says why, for the cloud. */
public final class ValueException extends Exception {
    private static final long serialVersionUID = 1L;

    public ValueException(String message) {
        super(message);
    }
}
