package io.alink.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages per second from the sender's first message to the receiver's last, counted where they arrive. A window
 * bounds what is in flight, so that a sender faster than the receiver measures the receiver rather than a growing
 * queue.
 */
final class Throughput {

    private static final Logger log = LoggerFactory.getLogger(Throughput.class);
    /** Arrivals this long without progress end a run: the rest is lost (QoS 0 may lose) or stuck. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long POLL_MILLIS = 2;

    private Throughput() {
    }

    /**
     * @param send    sends message {@code i}; its future completes when the sender may count it as out of its hands
     * @param arrived a counter of arrived messages, read before and during the run
     */
    static double measure(int count, int window, IntFunction<CompletableFuture<?>> send, LongSupplier arrived) {
        Semaphore inFlight = new Semaphore(window);
        long before = arrived.getAsLong();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquireUninterruptibly();
            send.apply(i).whenComplete((done, error) -> inFlight.release());
        }
        long seen = 0;
        long last = System.nanoTime();
        while (seen < count && System.nanoTime() - last < STALL_NANOS) {
            long now = arrived.getAsLong() - before;
            if (now > seen) {
                seen = now;
                last = System.nanoTime();
            } else {
                Runs.pause(POLL_MILLIS);
            }
        }
        if (seen < count) {
            log.warn("Only {} of {} messages arrived", seen, count);
        }
        drain(inFlight, window);
        return seen / Runs.seconds(last - start);
    }

    /** Waits for the last replies and acknowledgements, so that they do not run into the next measurement. */
    private static void drain(Semaphore inFlight, int window) {
        try {
            if (!inFlight.tryAcquire(window, STALL_NANOS, TimeUnit.NANOSECONDS)) {
                log.warn("{} sends still unanswered after the run", window - inFlight.availablePermits());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
