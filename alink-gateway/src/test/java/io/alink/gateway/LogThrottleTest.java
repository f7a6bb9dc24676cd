package io.alink.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The reconnection lines of a long outage: the first few, then one a minute saying how many were left out. */
class LogThrottleTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final AtomicLong clock = new AtomicLong(123 * SECOND);
    private final LogThrottle throttle = new LogThrottle(3, Duration.ofMinutes(1), clock::get);

    @Test
    void givenAnOutage_whenTheFirstAttemptsFail_thenTheBurstIsLoggedWithNothingLeftOut() {
        assertThat(IntStream.range(0, 3).mapToLong(i -> throttle.admit())).containsExactly(0L, 0L, 0L);
    }

    @Test
    void givenTheBurstLogged_whenAttemptsGoOnWithinTheMinute_thenTheyAreLeftOut() {
        admitTimes(3);

        clock.addAndGet(59 * SECOND);

        assertThat(IntStream.range(0, 10).mapToLong(i -> throttle.admit())).containsOnly(LogThrottle.SKIP);
    }

    @Test
    void givenAttemptsLeftOut_whenAMinuteHasPassed_thenTheNextIsLoggedWithTheirCount() {
        admitTimes(3);
        admitTimes(7);

        clock.addAndGet(60 * SECOND);

        assertThat(throttle.admit()).isEqualTo(7);
        assertThat(throttle.admit()).isEqualTo(LogThrottle.SKIP);
        clock.addAndGet(60 * SECOND);
        assertThat(throttle.admit()).isEqualTo(1);
    }

    @Test
    void givenAThrottledOutage_whenReset_thenTheNextOutageStartsWithAFullBurst() {
        admitTimes(20);

        throttle.reset();

        assertThat(IntStream.range(0, 3).mapToLong(i -> throttle.admit())).containsExactly(0L, 0L, 0L);
        assertThat(throttle.admit()).isEqualTo(LogThrottle.SKIP);
    }

    @Test
    void givenNoBurst_whenCreated_thenRefused() {
        assertThatThrownBy(() -> new LogThrottle(0, Duration.ofMinutes(1), clock::get))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void admitTimes(int times) {
        for (int i = 0; i < times; i++) {
            throttle.admit();
        }
    }
}
