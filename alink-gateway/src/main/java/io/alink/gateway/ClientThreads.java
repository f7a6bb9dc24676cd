package io.alink.gateway;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The client's executors (README "Threading"): the callback executor that runs all application code, the serial
 * event executor on it for listener calls, the one inbound thread that routes transport events, and the timer of
 * request timeouts, login pacing and retries. Application code never runs on the inbound thread or a network thread.
 */
final class ClientThreads {

    /** Enough for a few slow handlers without holding up the rest; idle threads end after a minute. */
    private static final int CALLBACK_THREADS = 16;

    /** Null when the application brought its own executor: that one is not ours to shut down. */
    private final ThreadPoolExecutor ownCallbackPool;
    private final Executor callbacks;
    /** Listener calls, one at a time in the order things happened: a "connected" never overtakes its "disconnected". */
    private final SerialExecutor events;
    /** Runs transport events one at a time, in order: routing is quick and never blocks. */
    private final ThreadPoolExecutor inbound;
    private final ScheduledThreadPoolExecutor timer;
    private final Deadlines deadlines;

    ClientThreads(Optional<Executor> applicationExecutor, Duration requestTimeout) {
        this.ownCallbackPool = applicationExecutor.isPresent() ? null
                : pool(CALLBACK_THREADS, "alink-gateway-callback", new ThreadPoolExecutor.AbortPolicy());
        this.callbacks = applicationExecutor.orElse(ownCallbackPool);
        this.events = new SerialExecutor(callbacks);
        // events arriving after close() have nobody to go to
        this.inbound = singleThread("alink-gateway-inbound");
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("alink-gateway-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.deadlines = new Deadlines(requestTimeout, this::schedule, System::nanoTime);
    }

    Executor callbacks() {
        return callbacks;
    }

    Executor events() {
        return events;
    }

    Executor inbound() {
        return inbound;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /** The same outcome, completed on the callback executor so no application code runs on a network thread. */
    <T> CompletableFuture<T> toCallbacks(CompletableFuture<T> internal) {
        CallbackRelay<T> relay = new CallbackRelay<>(this);
        internal.whenComplete(relay);
        return relay.external();
    }

    void runCallback(Runnable task) {
        try {
            callbacks.execute(task);
        } catch (RejectedExecutionException afterClose) {
            task.run();
        }
    }

    /** {@code operation}'s outcome, or a {@link RequestTimeoutException} when it outlasts the request timeout. */
    <T> CompletableFuture<T> withTimeout(CompletableFuture<T> operation, String what) {
        return withTimeout(operation, () -> what);
    }

    /** As {@link #withTimeout(CompletableFuture, String)}, naming the operation only if it times out. */
    <T> CompletableFuture<T> withTimeout(CompletableFuture<T> operation, Supplier<String> what) {
        if (timer.isShutdown()) {
            return CompletableFuture.failedFuture(Async.closed(null));
        }
        return deadlines.bound(operation, what);
    }

    /**
     * As {@link #withTimeout(CompletableFuture, Supplier)} for a future of the caller's alone, which the timeout then
     * fails itself: a publish's stage, one future less per message.
     */
    <T> CompletableFuture<T> expiring(CompletableFuture<T> ownOperation, Supplier<String> what) {
        if (timer.isShutdown()) {
            return CompletableFuture.failedFuture(Async.closed(null));
        }
        return deadlines.expire(ownOperation, what);
    }

    /** Completes after {@code delayMs}; at once when there is nothing to wait for. */
    CompletableFuture<Void> after(long delayMs) {
        if (delayMs <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> due = new CompletableFuture<>();
        if (!schedule(() -> due.complete(null), delayMs)) {
            due.completeExceptionally(Async.closed(null));
        }
        return due;
    }

    /** Runs {@code task} on the timer after {@code delayMs}; false when the client is closing and it will not run. */
    boolean schedule(Runnable task, long delayMs) {
        try {
            timer.schedule(task, delayMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException closing) {
            return false;
        }
    }

    /** Ends the timer at once and the other threads once their queued tasks ran: callbacks still get told. */
    void shutDown() {
        timer.shutdownNow();
        if (ownCallbackPool != null) {
            ownCallbackPool.shutdown();
        }
        inbound.shutdown();
    }

    /** One daemon thread for tasks that must run one at a time; it ends when idle for a minute. */
    static ThreadPoolExecutor singleThread(String name) {
        return pool(1, name, new ThreadPoolExecutor.DiscardPolicy());
    }

    private static ThreadPoolExecutor pool(int threads, String name, RejectedExecutionHandler whenClosed) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads(name), whenClosed);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
