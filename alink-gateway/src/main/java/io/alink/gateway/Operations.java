package io.alink.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** How a public operation runs: refused once the client is closed, and always answered on the callback executor. */
interface Operations {
    <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> operation);
}
