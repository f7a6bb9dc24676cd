package io.alink.gateway;

import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicFilters;
import io.alink.protocol.TopicLevel;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Input checks made before anything is journaled or sent. Every failure is an {@link InvalidRequestException} whose
 * message names the field and the rule, and never quotes the value: it may hold control characters.
 */
final class Validation {

    /** Topic length the platform and its SDKs accept (1-128 characters). */
    static final int MAX_TOPIC_LENGTH = 128;
    /** Largest message body the platform takes. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private Validation() {
    }

    static DeviceId deviceId(String productKey, String deviceName) {
        requireText("productKey", productKey);
        requireText("deviceName", deviceName);
        refuse("productKey", TopicLevel.DEVICE_PART.problem(productKey));
        refuse("deviceName", TopicLevel.DEVICE_PART.problem(deviceName));
        return DeviceId.of(productKey, deviceName);
    }

    /** An event or service identifier, which becomes a topic level. */
    static String identifier(String field, String value) {
        requireText(field, value);
        refuse(field, TopicLevel.IDENTIFIER.problem(value));
        return value;
    }

    private static void refuse(String field, Optional<String> problem) {
        problem.ifPresent(p -> {
            throw new InvalidRequestException(field + " " + p);
        });
    }

    static String requireText(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidRequestException(field + " is missing");
        }
        return value;
    }

    static int qos(int qos) {
        if (qos != 0 && qos != 1) {
            throw new InvalidRequestException("QoS must be 0 or 1, was " + qos);
        }
        return qos;
    }

    /** A topic to publish to: no wildcard, and every level and part (productKey, eventId ...) within its rule. */
    static String publishTopic(String topic) {
        topicShape(topic);
        if (TopicFilters.hasWildcard(topic)) {
            throw new InvalidRequestException("a publish topic cannot contain '+' or '#'");
        }
        refuse("topic:", AlinkTopic.problem(topic));
        return topic;
    }

    static String topicFilter(String filter) {
        topicShape(filter);
        refuse("topic filter:", TopicFilters.problem(filter));
        return filter;
    }

    private static void topicShape(String topic) {
        requireText("topic", topic);
        if (topic.length() > MAX_TOPIC_LENGTH) {
            throw new InvalidRequestException(
                    "topic longer than " + MAX_TOPIC_LENGTH + " characters: " + topic.length());
        }
        if (topic.charAt(0) != '/') {
            throw new InvalidRequestException("a topic starts with '/'");
        }
    }

    static byte[] payload(byte[] payload) {
        if (payload == null) {
            throw new InvalidRequestException("payload is missing");
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new InvalidRequestException("payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD_BYTES);
        }
        return payload;
    }

    /** The items without repeats of the same device, in order; refuses an empty or null collection. */
    static <T> List<T> distinctDevices(Collection<T> items, Function<T, DeviceId> device, String what) {
        if (items == null || items.isEmpty()) {
            throw new InvalidRequestException(what + ": the list of sub-devices is empty");
        }
        Map<DeviceId, T> distinct = new LinkedHashMap<>();
        for (T item : items) {
            if (item == null) {
                throw new InvalidRequestException(what + ": the list of sub-devices contains null");
            }
            distinct.putIfAbsent(device.apply(item), item);
        }
        return List.copyOf(distinct.values());
    }
}
