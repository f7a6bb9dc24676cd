package io.alink.gateway;

import java.time.Duration;

/**
 * How long to wait before reconnection attempt {@code n}: a random delay between {@code min} and a ceiling that
 * doubles with every failed attempt, up to {@code max}. The randomness spreads the reconnections of many gateways
 * that lost the platform at the same moment, so they do not all come back in the same second.
 */
record Backoff(Duration min, Duration max) {

    /** A connection taken over by a client with the same identity waits this many times {@code max}, at most. */
    static final int TAKEOVER_FACTOR = 5;

    Backoff {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max, was " + min + " and " + max);
        }
    }

    /**
     * @param attempt failed attempts so far (0 before the first reconnection)
     * @param random  uniform in [0, 1)
     * @return a delay in {@code [min, min(max, min * 2^(attempt+1))]}
     */
    long delayMillis(int attempt, double random) {
        long minMs = min.toMillis();
        long maxMs = max.toMillis();
        // past 2^20 times min any practical max is reached; the cap also keeps the shift from overflowing
        int doublings = Math.min(Math.max(attempt, 0), 19) + 1;
        long ceiling = Math.min(maxMs, minMs << doublings);
        return minMs + (long) (random * (ceiling - minMs));
    }

    /**
     * How long to wait after a {@linkplain Takeovers takeover}: much longer than any reconnection, so that the other
     * client keeps the connection for a while instead of both fighting over it.
     *
     * @param random uniform in [0, 1)
     * @return a delay in {@code [max * TAKEOVER_FACTOR / 2, max * TAKEOVER_FACTOR]}
     */
    long takeoverDelayMillis(double random) {
        long longest = Math.min(max.toMillis(), Long.MAX_VALUE / TAKEOVER_FACTOR) * TAKEOVER_FACTOR;
        return longest / 2 + (long) (random * (longest - longest / 2));
    }
}
