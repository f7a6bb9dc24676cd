package io.alink.emulator;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the platform's RRpc API answers: its {@code RrpcCode}, the message id it sent the request with, and the
 * device's answer.
 *
 * @param rrpcCode  {@link #SUCCESS} or {@link #TIMEOUT}
 * @param messageId the request's id, as in its topic
 * @param payload   the device's answer; empty on a timeout
 */
public record RrpcResult(String rrpcCode, String messageId, byte[] payload) {

    /** The device answered. */
    public static final String SUCCESS = "SUCCESS";
    /** The device did not answer within the timeout (the RRpc API's RrpcCode). */
    public static final String TIMEOUT = "TIMEOUT";

    public RrpcResult {
        payload = payload.clone();
    }

    public static RrpcResult timeout(String messageId) {
        return new RrpcResult(TIMEOUT, messageId, new byte[0]);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RrpcResult r && rrpcCode.equals(r.rrpcCode) && messageId.equals(r.messageId)
                && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rrpcCode, messageId, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "RrpcResult[" + rrpcCode + ", messageId=" + messageId + ", " + payload.length + " bytes]";
    }
}
