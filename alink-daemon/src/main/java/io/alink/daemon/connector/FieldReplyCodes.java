package io.alink.daemon.connector;

/**
 * The codes a connector answers a property set or a service call from the cloud with, when it does not succeed.
 * Alink leaves a device's answers to the device: 460 is its documented "request parameter error, the device failed
 * input parameter verification", and 100000 to 110000 are documented as free for device-specific errors; the codes
 * in that range below are this gateway's own choice.
 */
public final class FieldReplyCodes {

    /**
     * Unknown or read-only property, a value of the wrong kind or out of range, a service's input argument missing
     * or of the wrong kind: nothing was written or called.
     */
    public static final int INVALID_PARAMETER = 460;
    /** The field device refused the write with Modbus exception code {@code n}: answered as 100000 + n. */
    public static final int DEVICE_EXCEPTION_BASE = 100_000;
    /**
     * The field device (an OPC UA server) refused the write or the method call with a bad status code, which the
     * reply's message names (such as Bad_NotWritable).
     */
    public static final int DEVICE_BAD_STATUS = 100_200;
    /**
     * The field device did not answer the write or call (timeout, or no link to it): it may or may not have been
     * written or called.
     */
    public static final int DEVICE_NO_ANSWER = 100_100;

    private FieldReplyCodes() {
    }
}
