package io.alink.gateway;

import io.alink.gateway.outbox.DeadLetter;
import io.alink.gateway.outbox.Outbox;
import io.alink.gateway.outbox.OutboxMessage;
import io.alink.protocol.AlinkTopic;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The outbox's dead letters as the library offers them: listed, removed, re-queued, with typed errors. */
final class OutboxDeadLetters {

    /** At most this many dead letters are listed at once; the stats count them all. */
    static final int MAX_LISTED = 1000;

    private final Outbox outbox;
    private final Runnable requeued;

    /** @param requeued told when a message went back to the queue, so that it is sent */
    OutboxDeadLetters(Outbox outbox, Runnable requeued) {
        this.outbox = outbox;
        this.requeued = requeued;
    }

    CompletableFuture<List<DeadLetter>> list() {
        return CompletableFuture.completedFuture(outbox.deadLetters(0, MAX_LISTED));
    }

    /** Fails with {@link NoSuchDeadLetterException} when there is none with that seq. */
    CompletableFuture<Void> remove(long seq) {
        return outbox.removeDeadLetter(seq).thenAccept(removed -> {
            if (!removed) {
                throw new NoSuchDeadLetterException(seq);
            }
        });
    }

    /**
     * Completes with the message's new seq. Fails with {@link NoSuchDeadLetterException}, or with an
     * {@link InvalidRequestException} for a message whose topic can never be sent (journaled by an older version).
     */
    CompletableFuture<Long> requeue(long seq) {
        Optional<String> problem = find(seq).flatMap(dead -> AlinkTopic.problem(dead.topic()));
        if (problem.isPresent()) {
            throw new InvalidRequestException("dead letter " + seq + " cannot be re-queued: its topic "
                    + problem.get());
        }
        return outbox.requeueDeadLetter(seq).thenApply(back -> {
            long newSeq = back.map(OutboxMessage::seq).orElseThrow(() -> new NoSuchDeadLetterException(seq));
            requeued.run();
            return newSeq;
        });
    }

    private Optional<DeadLetter> find(long seq) {
        return outbox.deadLetters(seq - 1, 1).stream().filter(dead -> dead.seq() == seq).findFirst();
    }
}
