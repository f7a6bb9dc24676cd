package io.alink.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Requests waiting for their answer, by key, each failing with a {@link RequestTimeoutException} when none comes in
 * time. An answer whose key is unknown (never asked, already answered, timed out) is reported as not taken, so a
 * duplicate delivery is processed at most once.
 */
final class PendingReplies<T> {

    private record Entry<T>(String what, CompletableFuture<T> future) {
    }

    private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final Duration timeout;

    PendingReplies(ScheduledExecutorService timer, Duration timeout) {
        this.timer = timer;
        this.timeout = timeout;
    }

    CompletableFuture<T> expect(String key, String what) {
        Entry<T> entry = new Entry<>(what, new CompletableFuture<>());
        if (entries.putIfAbsent(key, entry) != null) {
            // two requests that cannot be told apart: the second is refused rather than answered with the first's reply
            throw new GatewayException("already waiting for a reply to " + key.replace('\n', ' '));
        }
        ScheduledFuture<?> expiry;
        try {
            expiry = timer.schedule(() -> fail(key, entry, new RequestTimeoutException(what, timeout)),
                    timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            fail(key, entry, Async.closed(closing));
            return entry.future();
        }
        entry.future().whenComplete((value, error) -> expiry.cancel(false));
        return entry.future();
    }

    /** Completes the request waiting under {@code key}; false when none is. */
    boolean complete(String key, T value) {
        Entry<T> entry = entries.remove(key);
        return entry != null && entry.future().complete(value);
    }

    boolean fail(String key, Throwable error) {
        Entry<T> entry = entries.remove(key);
        return entry != null && entry.future().completeExceptionally(error);
    }

    private void fail(String key, Entry<T> entry, Throwable error) {
        if (entries.remove(key, entry)) {
            entry.future().completeExceptionally(error);
        }
    }

    /** The key of a waiting request that satisfies {@code test}, if any. */
    String findKey(Predicate<String> test) {
        return entries.keySet().stream().filter(test).findFirst().orElse(null);
    }

    void failAll(Throwable error) {
        entries.forEach((key, entry) -> fail(key, entry, error));
    }
}
