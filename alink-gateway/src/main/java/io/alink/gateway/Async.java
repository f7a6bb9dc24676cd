package io.alink.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/** Futures as the client uses them: an operation that throws gives a failed future, and every failure is typed. */
final class Async {

    private Async() {
    }

    /** A future of {@code operation}, failed rather than thrown when the operation throws. */
    static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * The failure as the public API reports it: a {@link GatewayException}. A task refused by a shut-down executor
     * means the client was closed under the operation; anything else unforeseen keeps its cause.
     */
    static Throwable typed(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof GatewayException || cause instanceof Error) {
            return cause;
        }
        if (cause instanceof RejectedExecutionException) {
            return closed(cause);
        }
        return new GatewayException("unexpected failure: " + cause, cause);
    }

    static ConnectionException closed(Throwable cause) {
        return new ConnectionException("the gateway client is closed", cause);
    }
}
