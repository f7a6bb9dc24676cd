package io.alink.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Publish topics checked once each: the same verdicts as {@link Validation#publishTopic}, within a bound. */
class PublishTopicsTest {

    private static final DeviceId GATEWAY = DeviceId.of("a1GwTopic01", "gw01");

    private final PublishTopics topics = new PublishTopics();

    @Test
    void givenADevicesTopic_whenCheckedTwice_thenBothTimesItsOwnerIsTheDevice() {
        String topic = AlinkTopic.of(TopicKind.PROPERTY_POST, GATEWAY).topic();

        assertThat(topics.owner(topic)).contains(GATEWAY);
        assertThat(topics.owner(topic)).contains(GATEWAY);
        assertThat(topics.size()).isEqualTo(1);
    }

    @Test
    void givenABadTopic_whenCheckedTwice_thenItIsRefusedBothTimesWithTheSameMessageAndNotHeld() {
        String bad = "/" + GATEWAY.productKey() + "/" + GATEWAY.deviceName() + "/user/a\rb";

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> topics.owner(bad)).isInstanceOf(InvalidRequestException.class)
                    .hasMessage("topic: level 4 has the control character U+000D at position 2");
        }
        assertThatThrownBy(() -> topics.owner(null)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("topic is missing");
        assertThat(topics.size()).isZero();
    }

    @Test
    void givenMoreTopicsThanTheBound_whenChecked_thenNoMoreThanTheBoundAreHeld() {
        IntStream.rangeClosed(0, PublishTopics.MAX_TOPICS).forEach(i ->
                topics.owner("/" + GATEWAY.productKey() + "/" + GATEWAY.deviceName() + "/user/t" + i));

        assertThat(topics.size()).isPositive().isLessThanOrEqualTo(PublishTopics.MAX_TOPICS);
    }
}
