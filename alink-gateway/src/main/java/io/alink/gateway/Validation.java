package io.alink.gateway;

import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicFilters;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Input checks made before anything is sent. Every failure is an {@link InvalidRequestException}. */
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
        if (!DeviceId.isValidPart(productKey) || !DeviceId.isValidPart(deviceName)) {
            throw new InvalidRequestException("productKey and deviceName must not contain '/', '+', '#' or spaces: "
                    + productKey + "/" + deviceName);
        }
        return DeviceId.of(productKey, deviceName);
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

    static String publishTopic(String topic) {
        topicShape(topic);
        if (TopicFilters.hasWildcard(topic)) {
            throw new InvalidRequestException("a publish topic cannot contain '+' or '#': " + topic);
        }
        return topic;
    }

    static String topicFilter(String filter) {
        topicShape(filter);
        if (!TopicFilters.isValid(filter)) {
            throw new InvalidRequestException("'+' and '#' must fill a whole level, '#' only the last: " + filter);
        }
        return filter;
    }

    private static void topicShape(String topic) {
        requireText("topic", topic);
        if (topic.length() > MAX_TOPIC_LENGTH) {
            throw new InvalidRequestException(
                    "topic longer than " + MAX_TOPIC_LENGTH + " characters: " + topic.length());
        }
        if (topic.charAt(0) != '/') {
            throw new InvalidRequestException("a topic starts with '/': " + topic);
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
