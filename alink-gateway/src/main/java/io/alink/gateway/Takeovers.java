package io.alink.gateway;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Tells a connection taken over by another client with the same identity from an ordinary loss. The platform keeps
 * one connection per device and closes the older one when another connects (docs: alink-gateway-protocol.md 1.3), so
 * two processes given the same identity close each other's connection, each reconnecting within a second or two of
 * being closed, forever. The sign of that fight: the server closes {@value #CLOSES} connections in a row, each within
 * {@link #SHORT_LIVED} of its CONNACK. A connection that lived longer ends the streak.
 *
 * <p>A close that finds a QoS 1 message of ours unacknowledged counts neither way: a message the platform answers by
 * closing the connection (a poison message) ends connections right after they start too, and the outbox's probing
 * deals with that. Thread-safe; the transport calls it from its network threads.
 */
final class Takeovers {

    /** Connections closed in a row, each shortly after it was accepted, that make a takeover. */
    static final int CLOSES = 3;
    /** How soon after its CONNACK a close counts: a rival reconnects after its own first delays, a second or two. */
    static final Duration SHORT_LIVED = Duration.ofSeconds(5);

    private final LongSupplier nanoClock;
    private long connectedAt;
    private int streak;

    /** @param nanoClock {@link System#nanoTime()}, or a test's */
    Takeovers(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** A connection was accepted. */
    synchronized void connected() {
        connectedAt = nanoClock.getAsLong();
    }

    /**
     * A connection that was accepted ended.
     *
     * @param byServer       the server closed it (not a keep-alive timeout, a network error, or our own disconnect)
     * @param unacknowledged a QoS 1 message sent on it was still waiting for its PUBACK
     * @return whether it was taken over: the {@value #CLOSES}th or later short-lived close in a row
     */
    synchronized boolean closed(boolean byServer, boolean unacknowledged) {
        boolean shortLived = nanoClock.getAsLong() - connectedAt <= SHORT_LIVED.toNanos();
        if (!byServer || !shortLived) {
            streak = 0;
            return false;
        }
        if (unacknowledged) {
            return false;
        }
        streak++;
        return streak >= CLOSES;
    }

    /** How many short-lived closes in a row so far: for the report. */
    synchronized int streak() {
        return streak;
    }
}
