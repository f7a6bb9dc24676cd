package io.alink.gateway;

import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicFilters;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topics the application publishes to, each checked once ({@link Validation#publishTopic}) and parsed for its
 * owner once, rather than on every message: both are pure functions of the topic, and a gateway publishes to the
 * same few topics per device over and over. Only good topics are remembered, so a bad one is refused every time
 * with the same exception. At most {@link #MAX_TOPICS} are held (about a megabyte, topics being at most 128
 * characters); past that the memory starts again, empty.
 */
final class PublishTopics {

    /** Four topics each for the 2,000 sub-devices a gateway may have, within a bounded memory. */
    static final int MAX_TOPICS = 8192;

    private final Map<String, Optional<DeviceId>> checked = new ConcurrentHashMap<>();

    /**
     * The device whose namespace {@code topic} lies in ({@link TopicFilters#owner}); empty for a topic of no device.
     *
     * @throws InvalidRequestException as {@link Validation#publishTopic}
     */
    Optional<DeviceId> owner(String topic) {
        Optional<DeviceId> owner = topic == null ? null : checked.get(topic);
        if (owner != null) {
            return owner;
        }
        Validation.publishTopic(topic);
        Optional<DeviceId> parsed = TopicFilters.owner(topic);
        if (checked.size() >= MAX_TOPICS) {
            checked.clear();
        }
        checked.put(topic, parsed);
        return parsed;
    }

    /** Topics held. */
    int size() {
        return checked.size();
    }
}
