package io.alink.emulator.platform;

import io.alink.protocol.AlinkTopic;
import java.util.Optional;

/**
 * Reads a SUBSCRIBE filter as the topic it would match, so that permissions can be checked like a publish:
 * wildcards may stand anywhere after the device part ({@code /sys/pk/dn/thing/event/+/post_reply},
 * {@code /sys/pk/dn/#}), never in it ({@code /sys/+/+/...} names no device and is refused).
 */
final class TopicFilters {
    private static final String WILDCARD = "~wildcard~";

    private TopicFilters() {
    }

    static Optional<AlinkTopic> parse(String filter) {
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            if (levels[i].equals("+") || levels[i].equals("#") && i == levels.length - 1) {
                levels[i] = WILDCARD;
            } else if (levels[i].contains("+") || levels[i].contains("#") || levels[i].contains(WILDCARD)) {
                return Optional.empty();
            }
        }
        return AlinkTopic.parse(String.join("/", levels)).filter(topic -> namesADevice(topic));
    }

    private static boolean namesADevice(AlinkTopic topic) {
        if (topic.device() != null) {
            return !topic.device().productKey().equals(WILDCARD) && !topic.device().deviceName().equals(WILDCARD);
        }
        return topic.productKey() != null && !topic.productKey().equals(WILDCARD);
    }
}
