package io.alink.daemon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.alink.gateway.GatewayClient;
import io.alink.gateway.InvalidRequestException;
import io.alink.gateway.NoSuchDeadLetterException;
import io.alink.gateway.OutboxStorageException;
import io.alink.gateway.outbox.DeadLetter;
import io.alink.http.HttpCall;
import io.alink.http.HttpError;
import io.alink.protocol.AlinkJson;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The southbound API's routes for the outbox's dead letters: messages the platform never acknowledged, given up so
 * that they hold up nothing else. An operator lists them, deletes them, or puts them back in their device's queue.
 */
final class DeadLetterRoutes {

    private final GatewayClient client;

    DeadLetterRoutes(GatewayClient client) {
        this.client = client;
    }

    /** {@code GET /v1/outbox/dead-letters}: the oldest first, at most 1000. */
    void list(HttpCall call) {
        call.later(refused(client.deadLetters()).thenAccept(letters -> {
            ArrayNode array = AlinkJson.nodes().arrayNode();
            for (DeadLetter letter : letters) {
                array.addObject()
                        .put("seq", letter.seq())
                        .put("productKey", letter.device().productKey())
                        .put("deviceName", letter.device().deviceName())
                        .put("topic", letter.topic())
                        .put("size", letter.size())
                        .put("attempts", letter.attempts())
                        .put("reason", letter.reason())
                        .put("time", letter.deadLetteredMillis());
            }
            call.json(200, array);
        }));
    }

    /** {@code DELETE /v1/outbox/dead-letters/{seq}}. */
    void remove(HttpCall call) {
        long seq = seq(call);
        call.later(refused(client.removeDeadLetter(seq)).thenRun(call::noContent));
    }

    /** {@code POST /v1/outbox/dead-letters/{seq}/requeue}: 202 with the message's new seq. */
    void requeue(HttpCall call) {
        long seq = seq(call);
        call.later(refused(client.requeueDeadLetter(seq))
                .thenAccept(newSeq -> call.json(202, AlinkJson.object().put("seq", newSeq))));
    }

    private static long seq(HttpCall call) {
        String seq = call.variable("seq");
        try {
            long value = Long.parseLong(seq);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw HttpError.badRequest("seq must be a dead letter's seq, a whole number from 1");
    }

    /** The library's typed failures as the API answers them; anything else stays a 500. */
    private static <T> CompletableFuture<T> refused(CompletableFuture<T> pending) {
        return pending.handle((value, error) -> {
            if (error == null) {
                return value;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof NoSuchDeadLetterException) {
                throw new HttpError(404, cause.getMessage());
            }
            if (cause instanceof InvalidRequestException) {
                throw HttpError.badRequest(cause.getMessage());
            }
            if (cause instanceof OutboxStorageException) {
                throw new HttpError(503, "the outbox cannot be read or written: " + cause.getMessage());
            }
            throw new CompletionException(cause);
        });
    }
}
