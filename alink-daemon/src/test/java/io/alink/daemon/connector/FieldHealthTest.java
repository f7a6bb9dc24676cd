package io.alink.daemon.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.alink.protocol.DeviceId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A field device's link as its polls go, and when its sub-device is to go offline and come back. */
class FieldHealthTest {

    private static final DeviceId DEVICE = DeviceId.of("a1SubPk001", "sub01");
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    @Test
    void givenNoPollYet_whenAsked_thenTheLinkIsUnknown() {
        assertThat(new FieldHealth("line1", DEVICE, 3).status())
                .isEqualTo(new FieldStatus("line1", DEVICE, FieldStatus.Link.UNKNOWN, null, null, null));
    }

    @Test
    void givenFailedPolls_whenTheyReachTheLimit_thenTheSubDeviceIsToBeHeldOfflineAndBackAtTheFirstAnswer() {
        FieldHealth health = new FieldHealth("line1", DEVICE, 3);
        health.answered(T0);

        assertThat(health.failed("no answer", T0.plusSeconds(1))).isFalse();
        assertThat(health.failed("no answer", T0.plusSeconds(2))).isFalse();
        assertThat(health.status().link()).isEqualTo(FieldStatus.Link.DOWN);
        assertThat(health.failed("no link", T0.plusSeconds(3))).isTrue();
        assertThat(health.failed("no link", T0.plusSeconds(4))).isTrue();
        assertThat(health.status()).isEqualTo(new FieldStatus("line1", DEVICE, FieldStatus.Link.DOWN, "no link",
                T0.plusSeconds(4), T0));

        assertThat(health.answered(T0.plusSeconds(5))).isTrue();
        assertThat(health.answered(T0.plusSeconds(6))).isFalse();
        assertThat(health.status().link()).isEqualTo(FieldStatus.Link.UP);
        assertThat(health.status().lastGoodRead()).isEqualTo(T0.plusSeconds(6));
        assertThat(health.failedPolls()).isZero();
    }

    @Test
    void givenAnAnswerBetweenFailures_whenCounting_thenOnlyFailuresInARowCount() {
        FieldHealth health = new FieldHealth("line1", DEVICE, 2);

        health.failed("no answer", T0);
        health.answered(T0.plusSeconds(1));

        assertThat(health.failed("no answer", T0.plusSeconds(2))).isFalse();
    }
}
