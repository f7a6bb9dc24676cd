package io.alink.daemon.connector;

import java.time.Duration;

/**
 * How long to wait before polling a field device again after failed polls: the poll period, doubled with each
 * failure in a row up to {@code max}, less up to a quarter at random, so that the devices of one bus that failed
 * together do not all retry in the same instant.
 */
public record RetryDelay(Duration period, Duration max) {

    public RetryDelay {
        if (period.isNegative() || period.isZero() || max.compareTo(period) < 0) {
            throw new IllegalArgumentException("need 0 < period <= max, was " + period + " and " + max);
        }
    }

    /**
     * @param failures failed polls in a row, at least 1
     * @param random   uniform in [0, 1)
     */
    public long millis(int failures, double random) {
        // past 2^20 periods any practical max is reached; the cap also keeps the shift from overflowing
        int doublings = Math.min(Math.max(failures - 1, 0), 20);
        long ceiling = Math.min(max.toMillis(), period.toMillis() << doublings);
        return ceiling - (long) (random * ceiling / 4);
    }
}
