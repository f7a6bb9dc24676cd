package io.alink.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    @Test
    void givenTheLowestRandom_whenAnyAttempt_thenTheDelayIsTheMinimum() {
        assertThat(IntStream.range(0, 40).mapToLong(attempt -> backoff.delayMillis(attempt, 0.0)))
                .containsOnly(1_000L);
    }

    @Test
    void givenTheHighestRandom_whenAttemptsFail_thenTheCeilingDoublesUpToTheMaximum() {
        double top = Math.nextDown(1.0);
        assertThat(IntStream.range(0, 8).mapToLong(attempt -> backoff.delayMillis(attempt, top)))
                .containsExactly(1_999L, 3_999L, 7_999L, 15_999L, 31_999L, 59_999L, 59_999L, 59_999L);
    }

    @Test
    void givenAnyRandomAndAttempt_whenDelayed_thenItStaysWithinTheBounds() {
        for (int attempt = 0; attempt < 100; attempt++) {
            for (double random = 0; random < 1; random += 0.125) {
                assertThat(backoff.delayMillis(attempt, random)).isBetween(1_000L, 60_000L);
            }
        }
        assertThat(backoff.delayMillis(Integer.MAX_VALUE, 0.5)).isBetween(1_000L, 60_000L);
    }

    @Test
    void givenAMiddleRandom_whenDelayed_thenTheDelaysAreSpreadBetweenMinimumAndCeiling() {
        assertThat(backoff.delayMillis(0, 0.5)).isEqualTo(1_500L);
        assertThat(backoff.delayMillis(2, 0.5)).isEqualTo(4_500L);
    }

    @Test
    void givenEqualBounds_whenDelayed_thenTheDelayIsFixed() {
        Backoff fixed = new Backoff(Duration.ofMillis(200), Duration.ofMillis(200));
        assertThat(fixed.delayMillis(0, 0.9)).isEqualTo(200L);
        assertThat(fixed.delayMillis(7, 0.1)).isEqualTo(200L);
    }

    @Test
    void givenAMaximumBelowTheMinimum_whenCreated_thenItIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenATakeover_whenDelayed_thenTheWaitIsHalfToAllOfFiveTimesTheMaximum() {
        assertThat(backoff.takeoverDelayMillis(0.0)).isEqualTo(150_000L);
        assertThat(backoff.takeoverDelayMillis(Math.nextDown(1.0))).isEqualTo(299_999L);
        assertThat(backoff.takeoverDelayMillis(0.5)).isGreaterThan(backoff.delayMillis(100, Math.nextDown(1.0)));
    }
}
