package io.alink.gateway.outbox;

import io.alink.protocol.DeviceId;
import java.util.Arrays;

/**
 * A QoS 1 uplink held in the outbox until the broker acknowledges it. {@code seq} orders messages as they were
 * accepted; {@code device} tells whose message it is, so that a device's backlog drains before its new traffic.
 *
 * @param seq           its place in the journal
 * @param device        whose message it is
 * @param topic         where it goes
 * @param payload       what it says; a copy
 * @param createdMillis when it was journaled, in epoch milliseconds
 */
public record OutboxMessage(long seq, DeviceId device, String topic, byte[] payload, long createdMillis) {

    /**
     * Copies {@code payload}.
     *
     * @param seq           its place in the journal
     * @param device        whose message it is
     * @param topic         where it goes
     * @param payload       what it says; a copy
     * @param createdMillis when it was journaled, in epoch milliseconds
     */
    public OutboxMessage {
        payload = payload.clone();
    }

    /** {@return a copy of the payload} */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** {@return what it counts against the outbox's bound: payload and topic} */
    public int size() {
        return payload.length + topic.length();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutboxMessage m && seq == m.seq && device.equals(m.device) && topic.equals(m.topic)
                && Arrays.equals(payload, m.payload) && createdMillis == m.createdMillis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seq);
    }

    @Override
    public String toString() {
        return "OutboxMessage[seq=" + seq + ", device=" + device + ", topic=" + topic + ", bytes=" + payload.length + "]";
    }
}
