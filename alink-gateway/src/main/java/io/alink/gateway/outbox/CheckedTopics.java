package io.alink.gateway.outbox;

import io.alink.protocol.AlinkTopic;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link AlinkTopic#problem}, remembering the topics found good: a journal's messages go to a few topics (one or two
 * per device), and parsing each append's topic again was the largest share of an HTTP thread's work on the daemon's
 * durable path. Bounded: past {@value #MAX_TOPICS} topics the memory starts again. Safe for concurrent callers.
 */
final class CheckedTopics {

    static final int MAX_TOPICS = 10_000;

    private final Set<String> good = ConcurrentHashMap.newKeySet();

    /** {@return why {@code topic} cannot be sent, or empty} */
    Optional<String> problem(String topic) {
        if (topic != null && good.contains(topic)) {
            return Optional.empty();
        }
        Optional<String> problem = AlinkTopic.problem(topic);
        if (problem.isEmpty()) {
            if (good.size() >= MAX_TOPICS) {
                good.clear();
            }
            good.add(topic);
        }
        return problem;
    }

    /** {@return how many topics are remembered} */
    int size() {
        return good.size();
    }
}
