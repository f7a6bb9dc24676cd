package io.alink.emulator.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The platform's answer to an authorized inbound PUBLISH, in two parts that complete at different times: whether the
 * broker also routes the message to subscribers (decided as soon as the platform has taken the message), and when
 * what the platform persisted of it is committed, which a QoS 1 PUBACK waits for.
 *
 * @param delivered completes with true if the broker should route the message to matching subscribers (custom
 *     topics), false if the platform consumed it (system topics); fails if the platform could not take it
 * @param durable completes once the message is committed; fails if it cannot be
 */
public record PublishAnswer(CompletionStage<Boolean> delivered, CompletionStage<Void> durable) {

    private static final CompletionStage<Void> COMMITTED = CompletableFuture.completedStage(null);
    private static final PublishAnswer ROUTED = new PublishAnswer(CompletableFuture.completedStage(true), COMMITTED);
    private static final PublishAnswer CONSUMED = new PublishAnswer(CompletableFuture.completedStage(false), COMMITTED);

    /** An answer with nothing left to wait for. */
    public static PublishAnswer now(boolean delivered) {
        return delivered ? ROUTED : CONSUMED;
    }
}
