package io.alink.gateway;

import java.time.Duration;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The request timeout of operations, on one queue swept by the timer every {@link #SWEEP_MILLIS} rather than a timer
 * task scheduled and cancelled per operation: at tens of thousands of publishes a second, the timer's heap, its lock
 * and its thread's wake-ups were a sixth of the library's own time per publish. Every operation has the same timeout,
 * so the sweep only has to compare each one's deadline with the clock; a timeout fires up to one sweep period late.
 * Each sweep also drops the operations that completed since the last one, so the queue holds no more than what is in
 * flight and what completed in the last period. The timer runs the sweep only while something waits.
 */
final class Deadlines {

    /** How late a timeout may fire, and how long a completed operation stays queued. */
    static final long SWEEP_MILLIS = 50;

    /** Runs a task on the timer after a delay; false when the client is closing and it will not run. */
    interface Timer {
        boolean schedule(Runnable task, long delayMs);
    }

    private record Waiting(long dueNanos, CompletableFuture<?> bounded, Supplier<String> what) {
    }

    private final Duration timeout;
    private final long timeoutNanos;
    private final Timer timer;
    private final LongSupplier nanoClock;
    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sweepDue = new AtomicBoolean();

    Deadlines(Duration timeout, Timer timer, LongSupplier nanoClock) {
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.timer = timer;
        this.nanoClock = nanoClock;
    }

    /** {@code operation}'s outcome, or a {@link RequestTimeoutException} about {@code what} once it is overdue. */
    <T> CompletableFuture<T> bound(CompletableFuture<T> operation, Supplier<String> what) {
        CompletableFuture<T> bounded = expire(new CompletableFuture<>(), what);
        operation.whenComplete((value, error) -> {
            if (error != null) {
                bounded.completeExceptionally(Async.unwrap(error));
            } else {
                bounded.complete(value);
            }
        });
        return bounded;
    }

    /**
     * Fails {@code operation} itself with a {@link RequestTimeoutException} about {@code what} once it is overdue, and
     * returns it: one future less than {@link #bound} per operation, for a future nobody else completes or shares
     * (a publish's, whose result is the transport's own stage).
     */
    <T> CompletableFuture<T> expire(CompletableFuture<T> operation, Supplier<String> what) {
        waiting.add(new Waiting(nanoClock.getAsLong() + timeoutNanos, operation, what));
        armSweep();
        return operation;
    }

    /** Fails what is overdue, forgets what completed, and comes back while anything still waits. */
    void sweep() {
        long now = nanoClock.getAsLong();
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting next = it.next();
            if (next.bounded().isDone()) {
                it.remove();
            } else if (now - next.dueNanos() >= 0) {
                it.remove();
                next.bounded().completeExceptionally(new RequestTimeoutException(next.what().get(), timeout));
            }
        }
        sweepDue.set(false);
        // an operation added during the sweep, after its iterator passed, saw the sweep still due and left it to us
        if (!waiting.isEmpty()) {
            armSweep();
        }
    }

    /** Operations queued: those in flight, and those completed since the last sweep. */
    int queued() {
        return waiting.size();
    }

    private void armSweep() {
        if (!sweepDue.get() && sweepDue.compareAndSet(false, true)) {
            // refused only when the client is closing: its timer's tasks end with it, timeouts included
            timer.schedule(this::sweep, SWEEP_MILLIS);
        }
    }
}
