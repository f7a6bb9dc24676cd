package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.SubDeviceEntries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests and their replies: envelope ids, the requests waiting for a reply (matched by reply topic and id, each
 * failing at the request timeout), and lists sent in consecutive batches with their replies merged.
 *
 * <p>A reply nobody waits for (never asked, answered already, timed out) is dropped: a reply delivered twice, through
 * the client's own subscription and the platform's automatic one, is processed once.
 */
final class Requests {

    private static final Logger log = LoggerFactory.getLogger(Requests.class);

    /** Envelope ids are decimal strings of an unsigned 32-bit number. */
    private static final long MAX_ENVELOPE_ID = 4_294_967_295L;

    /** A request envelope ready to go: built, and checked against the platform's size limit. */
    record Outgoing(AlinkTopic topic, String id, byte[] payload) {
    }

    private final SubDeviceUplinks uplinks;
    /** Devices a message names before it says "and N more". */
    private static final int NAMED_DEVICES = 3;

    private final PendingReplies<AlinkReply> pending;
    private final AtomicLong ids = new AtomicLong();

    Requests(SubDeviceUplinks uplinks, ScheduledExecutorService timer, Duration timeout) {
        this.uplinks = uplinks;
        this.pending = new PendingReplies<>(timer, timeout);
    }

    String nextId() {
        return Long.toString(ids.updateAndGet(last -> last >= MAX_ENVELOPE_ID ? 1 : last + 1));
    }

    /** @throws InvalidRequestException when the envelope exceeds the platform's message size */
    Outgoing prepare(AlinkTopic topic, String method, JsonNode params) {
        String id = nextId();
        return new Outgoing(topic, id, Validation.payload(AlinkRequest.of(id, method, params).toBytes()));
    }

    /** Sends {@code request}; completes with its reply, failed with an {@link AlinkReplyException} unless 200. */
    CompletableFuture<AlinkReply> send(Outgoing request, String what) {
        String key = replyKey(request.topic().replyTopic().topic(), request.id());
        CompletableFuture<AlinkReply> reply = pending.expect(key, what);
        uplinks.send(request.topic().device(), request.topic().topic(), request.payload(), 0)
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        pending.fail(key, Async.unwrap(error));
                    }
                });
        return reply.thenApply(r -> {
            if (!r.isSuccess()) {
                throw new AlinkReplyException(what, r.code(), r.message(), r.data());
            }
            return r;
        });
    }

    CompletableFuture<AlinkReply> request(AlinkTopic topic, String method, JsonNode params, String what) {
        return send(prepare(topic, method, params), what);
    }

    /** A {@code _reply} topic's message: completes the request it answers, if one waits. */
    void onReply(AlinkTopic topic, byte[] payload) {
        AlinkReply reply = AlinkReply.parse(payload);
        if (!pending.complete(replyKey(topic.topic(), reply.id()), reply)) {
            log.debug("Ignored a reply on {} to request {}: unknown or already answered", topic, reply.id());
        }
    }

    /** Completes the request {@code reply} answers, found by envelope id alone (the error channel has one topic). */
    boolean completeById(AlinkReply reply) {
        String key = pending.findKey(k -> k.endsWith("\n" + reply.id()));
        return key != null && pending.complete(key, reply);
    }

    /** No reply will come to what waits (connection lost, client closed). */
    void failAll(Throwable error) {
        pending.failAll(error);
    }

    private static String replyKey(String replyTopic, String id) {
        return replyTopic + '\n' + id;
    }

    /**
     * Sends {@code items} in consecutive batches of {@code size} and merges the reply elements. A failed batch stops
     * the rest; a refusal then names the sub-devices earlier batches had done.
     */
    static <T> CompletableFuture<List<JsonNode>> inBatches(String what, List<T> items, int size,
                                                          Function<T, DeviceId> deviceOf,
                                                          Function<List<T>, CompletableFuture<List<JsonNode>>> send) {
        int count = (items.size() + size - 1) / size;
        List<DeviceId> done = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<List<JsonNode>> merged = CompletableFuture.completedFuture(List.of());
        for (int i = 0; i < count; i++) {
            List<T> batch = items.subList(i * size, Math.min(items.size(), (i + 1) * size));
            String label = (count == 1 ? what : what + " batch " + (i + 1) + " of " + count) + " ("
                    + named(batch.stream().map(deviceOf).toList()) + ")";
            merged = merged.thenCompose(soFar -> Async.attempt(() -> send.apply(batch)).handle((elements, error) -> {
                if (error != null) {
                    Throwable cause = Async.unwrap(error);
                    throw new CompletionException(cause instanceof AlinkReplyException refused
                            ? refused.withCompleted(label, List.copyOf(done)) : cause);
                }
                batch.forEach(item -> done.add(deviceOf.apply(item)));
                List<JsonNode> all = new ArrayList<>(soFar);
                all.addAll(elements);
                return all;
            }));
        }
        return merged;
    }

    /** The first few of {@code devices} by name, for a message: enough to find them, not a list of thousands. */
    static String named(List<DeviceId> devices) {
        int shown = Math.min(devices.size(), NAMED_DEVICES);
        String names = devices.subList(0, shown).stream().map(DeviceId::toString).collect(Collectors.joining(", "));
        return shown == devices.size() ? names : names + " and " + (devices.size() - shown) + " more";
    }

    /** The elements of a reply's {@code data} list; empty when it is no list. */
    static List<JsonNode> elements(JsonNode data) {
        List<JsonNode> elements = new ArrayList<>();
        if (data != null && data.isArray()) {
            data.forEach(elements::add);
        }
        return elements;
    }

    /** The devices the elements name, skipping any that names none. */
    static List<DeviceId> devices(List<JsonNode> elements) {
        return elements.stream().flatMap(element -> SubDeviceEntries.device(element).stream()).toList();
    }

    /** The reply's elements, or the requested devices when the platform confirmed them without listing them. */
    static List<JsonNode> elementsOr(AlinkReply reply, List<DeviceId> requested) {
        List<JsonNode> elements = elements(reply.data());
        return elements.isEmpty() ? elements(SubDeviceEntries.identities(requested)) : elements;
    }
}
