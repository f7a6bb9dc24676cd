package io.alink.gateway;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Which of a run of like lines to log, so that a long outage tells the operator it goes on without flooding the log:
 * the first {@code burst} lines, then at most one per {@code interval}, which says how many were left out since the
 * last. A new run starts with {@link #reset()} (the connection is back).
 */
final class LogThrottle {

    /** What {@link #admit()} answers for a line to leave out. */
    static final long SKIP = -1;

    private final int burst;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private int logged;
    private long skipped;
    private long lastLogged;

    /** @param nanoTime {@link System#nanoTime()}, or a test's clock */
    LogThrottle(int burst, Duration interval, LongSupplier nanoTime) {
        if (burst < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("need a burst of at least 1 and a positive interval");
        }
        this.burst = burst;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** @return {@link #SKIP} to leave this line out; else how many were left out since the last one logged */
    synchronized long admit() {
        long now = nanoTime.getAsLong();
        if (logged >= burst && now - lastLogged < intervalNanos) {
            skipped++;
            return SKIP;
        }
        logged++;
        lastLogged = now;
        long left = skipped;
        skipped = 0;
        return left;
    }

    synchronized void reset() {
        logged = 0;
        skipped = 0;
    }
}
