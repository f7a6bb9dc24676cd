package io.alink.gateway;

import java.nio.charset.StandardCharsets;

/** A message received on a custom-topic subscription. */
public record TopicMessage(String topic, byte[] payload, int qos) {

    public TopicMessage {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "TopicMessage[topic=" + topic + ", qos=" + qos + ", bytes=" + payload.length + "]";
    }
}
