package io.alink.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Carries an internal future's outcome to the future the application holds, completed on the callback executor
 * ({@link ClientThreads#toCallbacks}). One object is both the internal stage's action and the callback task, rather
 * than a lambda for each: at tens of thousands of publishes a second each allocation on the network thread counts.
 * The outcome is written once, on the completing thread, before the task is handed to the executor, which publishes
 * it to the thread that runs it.
 */
final class CallbackRelay<T> implements BiConsumer<T, Throwable>, Runnable {

    private final ClientThreads threads;
    private final CompletableFuture<T> external = new CompletableFuture<>();
    private T value;
    private Throwable error;

    CallbackRelay(ClientThreads threads) {
        this.threads = threads;
    }

    CompletableFuture<T> external() {
        return external;
    }

    @Override
    public void accept(T completedWith, Throwable failedWith) {
        this.value = completedWith;
        this.error = failedWith;
        threads.runCallback(this);
    }

    @Override
    public void run() {
        if (error != null) {
            external.completeExceptionally(Async.typed(error));
        } else {
            external.complete(value);
        }
    }
}
