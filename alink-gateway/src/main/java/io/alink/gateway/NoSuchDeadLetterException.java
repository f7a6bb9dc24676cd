package io.alink.gateway;

/** There is no dead letter with that seq in the outbox: never was, or it was removed, re-queued or dropped. */
public class NoSuchDeadLetterException extends GatewayException {
    private static final long serialVersionUID = 1L;

    /** @param seq the seq asked for */
    public NoSuchDeadLetterException(long seq) {
        super("no dead letter " + seq + " in the outbox");
    }
}
