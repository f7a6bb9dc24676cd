package io.alink.daemon.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The wait before polling a device that failed again. */
class RetryDelayTest {

    private final RetryDelay delay = new RetryDelay(Duration.ofMillis(500), Duration.ofSeconds(10));

    @Test
    void givenFailuresInARow_whenDelaying_thenThePeriodDoublesUpToTheMax() {
        assertThat(delay.millis(1, 0)).isEqualTo(500);
        assertThat(delay.millis(2, 0)).isEqualTo(1000);
        assertThat(delay.millis(4, 0)).isEqualTo(4000);
        assertThat(delay.millis(6, 0)).isEqualTo(10_000);
        assertThat(delay.millis(1_000_000, 0)).isEqualTo(10_000);
    }

    @Test
    void givenRandomness_whenDelaying_thenUpToAQuarterIsTakenOff() {
        assertThat(delay.millis(2, 0.999)).isBetween(750L, 1000L);
        assertThat(delay.millis(6, 0.5)).isEqualTo(8750);
    }
}
