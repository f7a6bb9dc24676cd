package io.alink.emulator.platform;

import io.alink.protocol.AlinkTopic;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wire topics devices publish to, each parsed once rather than twice per message (the permission check and the
 * routing both need it): parsing is a pure function of the topic, and devices publish to the same few topics over and
 * over. Only topics that parse are held, so one that does not is refused every time the same way. At most
 * {@link #MAX_TOPICS} are held (a few MiB); past that the memory starts again, empty.
 */
final class ParsedTopics {

    /** Room for a topic or two of each of 10,000 devices. */
    static final int MAX_TOPICS = 16_384;

    private final Map<String, AlinkTopic> parsed = new ConcurrentHashMap<>();

    /** {@link AlinkTopic#parse}, remembered. */
    Optional<AlinkTopic> parse(String topic) {
        AlinkTopic known = topic == null ? null : parsed.get(topic);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<AlinkTopic> fresh = AlinkTopic.parse(topic);
        if (fresh.isPresent()) {
            if (parsed.size() >= MAX_TOPICS) {
                parsed.clear();
            }
            parsed.put(topic, fresh.get());
        }
        return fresh;
    }

    /** Topics held. */
    int size() {
        return parsed.size();
    }
}
