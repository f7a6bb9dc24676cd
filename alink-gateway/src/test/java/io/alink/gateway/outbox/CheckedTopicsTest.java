package io.alink.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The outbox's topic check, which remembers good topics: a bad one is refused every time, and memory is bounded. */
class CheckedTopicsTest {

    private static final String GOOD = "/sys/a1pk/dn1/thing/event/property/post";
    private static final String BAD = "/sys/a1pk/dn 1/thing/event/property/post";

    @Test
    void givenAGoodTopicCheckedOnce_whenCheckedAgain_thenItIsGoodAndRememberedOnce() {
        CheckedTopics topics = new CheckedTopics();

        assertThat(topics.problem(GOOD)).isEmpty();
        assertThat(topics.problem(new String(GOOD.toCharArray()))).as("an equal string, built anew").isEmpty();

        assertThat(topics.size()).isEqualTo(1);
    }

    @Test
    void givenABadTopic_whenCheckedTwice_thenItIsRefusedBothTimesAndNotRemembered() {
        CheckedTopics topics = new CheckedTopics();

        assertThat(topics.problem(BAD)).isPresent();
        assertThat(topics.problem(BAD)).isPresent();
        assertThat(topics.problem(null)).isPresent();

        assertThat(topics.size()).isZero();
    }

    @Test
    void givenTheBoundReached_whenOneMoreGoodTopicIsChecked_thenTheMemoryStartsAgain() {
        CheckedTopics topics = new CheckedTopics();
        for (int n = 0; n < CheckedTopics.MAX_TOPICS; n++) {
            topics.problem("/sys/a1pk/other" + n + "/thing/event/property/post");
        }

        topics.problem(GOOD);

        assertThat(topics.size()).isEqualTo(1);
        assertThat(topics.problem(BAD)).as("still checked after the restart").isPresent();
    }
}
