package io.alink.gateway.outbox;

import java.time.Duration;

/**
 * How much an outbox may hold: bytes (payload plus topic) and age. When full, the oldest messages go first.
 * Defaults fit a small gateway: 256 MiB and 7 days.
 *
 * @param maxBytes the most bytes the queued messages and the dead letters may take together
 * @param maxAge   how old a message may grow before it is dropped
 */
public record OutboxLimits(long maxBytes, Duration maxAge) {

    /** 256 MiB and 7 days. */
    public static final OutboxLimits DEFAULT = new OutboxLimits(256L * 1024 * 1024, Duration.ofDays(7));

    /**
     * @param maxBytes the most bytes the queued messages and the dead letters may take together
     * @param maxAge   how old a message may grow before it is dropped
     * @throws IllegalArgumentException when a bound is not positive
     */
    public OutboxLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
        }
    }
}
