package io.alink.gateway;

import io.alink.protocol.DeviceId;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A revert-RPC request from the cloud for the gateway or one of its logged-in sub-devices: opaque bytes the cloud
 * waits for an answer to until {@link #deadline()}.
 *
 * @param device      the gateway or the sub-device asked
 * @param messageId   the cloud's id of the request, echoed in the answer's topic
 * @param customTopic for a custom RRPC ({@code /ext/rrpc/{messageId}{customTopic}}) the custom topic; null for a
 *                    classic one ({@code /sys/{pk}/{dn}/rrpc/request/{messageId}})
 * @param payload     the request's bytes, as the cloud sent them
 * @param deadline    when the cloud stops waiting: an answer completed later is not sent
 */
public record RrpcRequest(DeviceId device, String messageId, String customTopic, byte[] payload, Instant deadline) {

    /**
     * Copies {@code payload}, so that the request stays as it arrived.
     *
     * @param device      the gateway or the sub-device asked
     * @param messageId   the cloud's id of the request
     * @param customTopic the custom topic, or null for a classic RRPC
     * @param payload     the request's bytes
     * @param deadline    when the cloud stops waiting
     */
    public RrpcRequest {
        payload = payload.clone();
    }

    /** {@return a copy of the request's bytes} */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** {@return whether this is a custom RRPC, wrapped around {@link #customTopic()}} */
    public boolean isCustom() {
        return customTopic != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RrpcRequest r && device.equals(r.device) && messageId.equals(r.messageId)
                && Objects.equals(customTopic, r.customTopic) && Arrays.equals(payload, r.payload)
                && deadline.equals(r.deadline);
    }

    @Override
    public int hashCode() {
        return Objects.hash(device, messageId, customTopic, deadline);
    }

    @Override
    public String toString() {
        return "RrpcRequest[" + device + ", messageId=" + messageId + (isCustom() ? ", topic=" + customTopic : "")
                + ", " + payload.length + " bytes, deadline=" + deadline + "]";
    }
}
