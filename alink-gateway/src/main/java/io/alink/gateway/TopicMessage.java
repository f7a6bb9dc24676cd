package io.alink.gateway;

import java.nio.charset.StandardCharsets;

/**
 * A message received on a custom-topic subscription.
 *
 * @param topic   the topic it was published to
 * @param payload its payload; a copy
 * @param qos     0 or 1
 */
public record TopicMessage(String topic, byte[] payload, int qos) {

    /**
     * Copies {@code payload}.
     *
     * @param topic   the topic it was published to
     * @param payload its payload; a copy
     * @param qos     0 or 1
     */
    public TopicMessage {
        payload = payload.clone();
    }

    /** {@return a copy of the payload} */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** {@return the payload read as UTF-8 text} */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "TopicMessage[topic=" + topic + ", qos=" + qos + ", bytes=" + payload.length + "]";
    }
}
