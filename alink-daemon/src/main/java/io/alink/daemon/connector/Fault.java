package io.alink.daemon.connector;

/** The kinds of field fault, as {@code /metrics} labels them. */
public enum Fault {
    /** The device did not answer in time. */
    TIMEOUT("timeout"),
    /** The device answered with an exception code: it is there, but refused the request. */
    EXCEPTION("exception"),
    /** No link to the device: connection refused or dropped, serial port gone. */
    LINK("link"),
    /** The device answered with a value that cannot be reported (a NaN float). */
    VALUE("value");

    private final String key;

    Fault(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Whether the device answered: a poll that met only such faults still counts as answered. */
    public boolean isAnswer() {
        return this == EXCEPTION || this == VALUE;
    }
}
