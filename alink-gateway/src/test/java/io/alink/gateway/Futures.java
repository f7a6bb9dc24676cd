package io.alink.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** Waiting on futures in tests, with a bound so that a hang fails the test instead of the build. */
final class Futures {

    private static final long BOUND_SECONDS = 60;

    private Futures() {
    }

    static <T> T await(CompletableFuture<T> future) {
        return future.orTimeout(BOUND_SECONDS, TimeUnit.SECONDS).join();
    }

    /** The cause {@code future} fails with, asserted to be a {@code type}. */
    static <E extends Throwable> E failure(CompletableFuture<?> future, Class<E> type) {
        Throwable thrown = catchThrowable(() -> await(future));
        assertThat(thrown).isInstanceOf(CompletionException.class);
        assertThat(thrown.getCause()).isInstanceOf(type);
        return type.cast(thrown.getCause());
    }
}
