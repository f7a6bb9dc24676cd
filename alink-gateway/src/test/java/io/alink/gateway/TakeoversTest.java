package io.alink.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TakeoversTest {

    private long now;
    private final Takeovers takeovers = new Takeovers(() -> now);

    /** A connection accepted now and closed by the server {@code after} later; whether that made a takeover. */
    private boolean closedByServerAfter(Duration after, boolean unacknowledged) {
        takeovers.connected();
        now += after.toNanos();
        return takeovers.closed(true, unacknowledged);
    }

    private boolean shortLivedClose() {
        return closedByServerAfter(Duration.ofSeconds(1), false);
    }

    @Test
    void givenConnectionsClosedByTheServerRightAfterConnecting_whenTheThirdCloses_thenItIsATakeoverAndSoAreTheNext() {
        assertThat(shortLivedClose()).isFalse();
        assertThat(shortLivedClose()).isFalse();

        assertThat(shortLivedClose()).isTrue();
        assertThat(shortLivedClose()).isTrue();
        assertThat(takeovers.streak()).isEqualTo(4);
    }

    @Test
    void givenAConnectionThatLastedBetweenShortOnes_whenTheServerClosesAgain_thenTheCountStartsOver() {
        shortLivedClose();
        shortLivedClose();
        assertThat(closedByServerAfter(Takeovers.SHORT_LIVED.plusSeconds(1), false)).isFalse();

        assertThat(shortLivedClose()).isFalse();
        assertThat(shortLivedClose()).isFalse();
        assertThat(shortLivedClose()).isTrue();
    }

    @Test
    void givenAMessageWaitingForItsPubAck_whenTheServerClosesRightAfterConnecting_thenThatCloseCountsNeitherWay() {
        shortLivedClose();
        shortLivedClose();

        assertThat(closedByServerAfter(Duration.ofSeconds(1), true)).as("a poison message's close").isFalse();
        assertThat(takeovers.streak()).isEqualTo(2);
        assertThat(shortLivedClose()).isTrue();
    }

    @Test
    void givenShortConnectionsThatTheClientEnded_whenTheyClose_thenNoneIsATakeover() {
        for (int i = 0; i < 5; i++) {
            takeovers.connected();
            now += Duration.ofSeconds(1).toNanos();
            assertThat(takeovers.closed(false, false)).as("keep-alive timeout or network error").isFalse();
        }
        assertThat(takeovers.streak()).isZero();
    }
}
