package io.alink.emulator.platform;

import io.alink.emulator.broker.BrokerDownlink;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the platform sends to devices: replies, notifications, and calls that await the device's reply
 * (service invocation, property set, RRPC). Also the platform's server-side subscriptions, which make system
 * topics reach a connection without a SUBSCRIBE.
 */
final class Downlink {
    private static final Logger LOG = LoggerFactory.getLogger(Downlink.class);

    /** Devices may connect in the instant between the broker's start and this attachment: they wait for it. */
    private final CompletableFuture<BrokerDownlink> broker = new CompletableFuture<>();
    /** Cloud-side ids are decimal digits: LinkSDK parses them with a digits-only routine. */
    private final AtomicLong nextId = new AtomicLong(System.currentTimeMillis() % 1_000_000L * 1000);
    private final Map<String, CompletableFuture<AlinkReply>> awaitingReply = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<byte[]>> awaitingRrpc = new ConcurrentHashMap<>();
    private final PlatformEvents events;

    Downlink(PlatformEvents events) {
        this.events = events;
    }

    void attach(BrokerDownlink attached) {
        broker.complete(attached);
    }

    String nextId() {
        return Long.toString(nextId.incrementAndGet());
    }

    /** Filters that carry a device's system downlink (its own, or a sub-device's on its gateway's connection). */
    static List<String> systemFilters(DeviceId device) {
        String pd = device.productKey() + "/" + device.deviceName();
        return List.of("/sys/" + pd + "/#", "/ext/session/" + pd + "/#", "/ext/ntp/" + pd + "/#", "/ext/error/" + pd,
                "/ext/rrpc/+/sys/" + pd + "/#", "/shadow/get/" + pd);
    }

    /** One broker call for the whole set: the broker rebuilds a client's subscriptions on every call. */
    CompletableFuture<Void> subscribeSystemTopics(Session session, Collection<DeviceId> devices) {
        List<String> filters = devices.stream().flatMap(d -> systemFilters(d).stream()).toList();
        return broker.thenCompose(b -> b.addServerSubscriptions(session.clientId(), filters));
    }

    CompletableFuture<Void> unsubscribeSystemTopics(Session session, Collection<DeviceId> devices) {
        List<String> filters = devices.stream().flatMap(d -> systemFilters(d).stream()).toList();
        return broker.thenCompose(b -> b.removeServerSubscriptions(session.clientId(), filters));
    }

    CompletableFuture<Void> send(Session session, String topic, byte[] payload) {
        DeviceId device = AlinkTopic.parse(topic).map(AlinkTopic::device).orElse(session.device());
        events.message(PlatformEvent.Kind.MESSAGE_DOWN, session.clientId(), device, topic, payload);
        return broker.thenCompose(b -> b.send(session.clientId(), topic, payload, 0)).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warn("could not deliver {} to {}: {}", topic, session, failure.getMessage());
            }
        });
    }

    CompletableFuture<Void> reply(Session session, AlinkTopic request, AlinkReply reply) {
        return send(session, request.replyTopic().topic(), reply.toBytes());
    }

    CompletableFuture<Void> disconnect(Session session) {
        return broker.thenCompose(b -> b.disconnect(session.clientId()));
    }

    /** Sends a request to a device and completes with its reply on the matching {@code _reply} topic. */
    CompletableFuture<AlinkReply> call(Session session, AlinkTopic topic, String method, com.fasterxml.jackson.databind.JsonNode params,
                                       Duration timeout) {
        String id = nextId();
        String key = replyKey(topic.replyTopic(), id);
        CompletableFuture<AlinkReply> reply = new CompletableFuture<>();
        awaitingReply.put(key, reply);
        reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> awaitingReply.remove(key));
        send(session, topic.topic(), AlinkRequest.of(id, method, params).toBytes()).whenComplete((ok, failure) -> {
            if (failure != null) {
                reply.completeExceptionally(failure);
            }
        });
        return reply;
    }

    /** A device's reply to a call; true when a call was waiting for it. */
    boolean replied(AlinkTopic replyTopic, AlinkReply reply) {
        CompletableFuture<AlinkReply> waiting = awaitingReply.remove(replyKey(replyTopic, reply.id()));
        return waiting != null && waiting.complete(reply);
    }

    /** Classic RRPC: the payload is opaque, the device answers on rrpc/response/{messageId}. */
    CompletableFuture<byte[]> rrpc(Session session, DeviceId device, byte[] payload, Duration timeout) {
        String messageId = nextId();
        String key = device + "/" + messageId;
        CompletableFuture<byte[]> response = new CompletableFuture<>();
        awaitingRrpc.put(key, response);
        response.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> awaitingRrpc.remove(key));
        send(session, AlinkTopic.of(TopicKind.RRPC_REQUEST, device, messageId).topic(), payload);
        return response;
    }

    boolean rrpcResponded(DeviceId device, String messageId, byte[] payload) {
        CompletableFuture<byte[]> waiting = awaitingRrpc.remove(device + "/" + messageId);
        return waiting != null && waiting.complete(payload);
    }

    private static String replyKey(AlinkTopic replyTopic, String id) {
        return replyTopic.topic() + "#" + id;
    }
}
