package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.broker.PublishAnswer;
import io.alink.emulator.store.PlatformStore;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopicKind;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every device-to-cloud message: refused when over the payload limit (before the message log sees it), logged, then
 * routed: requests to the handler of their kind, replies to the call awaiting them, NTP and RRPC to their answer.
 */
final class InboundMessages {
    private static final Logger LOG = LoggerFactory.getLogger(InboundMessages.class);

    private final int maxPayloadBytes;
    private final PlatformStore store;
    private final Sessions sessions;
    private final Downlink downlink;
    private final PlatformEvents events;
    private final Map<TopicKind, RequestHandler> handlers;
    private final ShadowService shadows;
    private final ParsedTopics topics;

    InboundMessages(int maxPayloadBytes, PlatformStore store, Sessions sessions, Downlink downlink,
                    PlatformEvents events, Map<TopicKind, RequestHandler> handlers, ShadowService shadows,
                    ParsedTopics topics) {
        this.maxPayloadBytes = maxPayloadBytes;
        this.store = store;
        this.sessions = sessions;
        this.downlink = downlink;
        this.events = events;
        this.handlers = Map.copyOf(handlers);
        this.shadows = shadows;
        this.topics = topics;
    }

    /**
     * Logs and routes the message. Routing happens at once, in the order the client sent its messages, and so does the
     * answer's delivery decision (subscribers get custom topics' messages before they are committed); the message is
     * queued for the log, whose own thread commits it with whatever else is queued, in order, while HiveMQ hands this
     * client's next messages on. The answer is durable once it is committed, which the PUBACK of a QoS 1 message waits
     * for; nothing waits for a QoS 0 message's commit. Replies wait for their own writes.
     * What routing queued (property values) is committed later, many messages a transaction; reads of property values
     * wait for what was queued before them, so a read after the PUBACK still sees them. Only a writer far behind makes
     * the PUBACK (QoS 1) or the delivery decision (QoS 0) wait for it too, which bounds what is queued.
     */
    PublishAnswer onPublish(String clientId, String topicName, byte[] payload, int qos) {
        Optional<Session> session = sessions.byClientId(clientId);
        Optional<AlinkTopic> parsed = topics.parse(topicName);
        if (session.isEmpty() || parsed.isEmpty()) {
            return PublishAnswer.now(false);
        }
        AlinkTopic topic = parsed.get();
        events.message(PlatformEvent.Kind.MESSAGE_UP, clientId, topic.device(), topicName, payload);
        if (payload.length > maxPayloadBytes) {
            refuse(session.get(), topic, idOf(payload), RequestRefused.badParams("payload of " + payload.length
                    + " bytes is over the " + maxPayloadBytes + " byte limit"));
            return PublishAnswer.now(false);
        }
        CompletableFuture<Void> logged =
                store.queueMessage(System.currentTimeMillis(), topic.device(), topicName, payload, qos);
        boolean deliver;
        try {
            deliver = route(session.get(), topic, payload);
        } catch (RuntimeException e) {
            LOG.warn("failed to handle {} from {}: {}", topicName, session.get(), e.toString());
            deliver = false;
        }
        boolean delivered = deliver;
        CompletableFuture<Void> caughtUp = store.properties().backPressure();
        if (qos == 1) {
            return new PublishAnswer(CompletableFuture.completedStage(delivered), logged.thenCombine(caughtUp,
                    (committed, none) -> null));
        }
        logged.whenComplete((committed, failure) -> {
            if (failure != null) {
                LOG.warn("a QoS 0 message of {} to {} is not in the message log: {}", clientId, topicName,
                        failure.toString());
            }
        });
        // a values writer far behind holds a QoS 0 sender back too: what is queued stays bounded
        return caughtUp.isDone() ? PublishAnswer.now(delivered)
                : new PublishAnswer(caughtUp.thenApply(none -> delivered), CompletableFuture.completedStage(null));
    }

    private boolean route(Session session, AlinkTopic topic, byte[] payload) {
        if (topic.reply() && isLifecycleNotice(topic.kind())) {
            // a disabled or deleted sub-device is logged out by the time its gateway acknowledges the notice
            acceptDeviceReply(topic, payload);
            return false;
        }
        if (!session.actsFor(topic.device())) {
            sendNoSession(session, topic, payload);
            return false;
        }
        switch (topic.kind()) {
            case CUSTOM -> {
                return true;
            }
            case DEVICE_OTHER, SHADOW_GET -> {
                return false;
            }
            case SHADOW_UPDATE -> shadows.onDeviceMessage(session, topic, payload);
            case NTP_REQUEST -> answerNtp(session, topic, payload);
            // a custom RRPC is answered on its request's topic
            case RRPC_RESPONSE, EXT_RRPC -> downlink.rrpcResponded(topic.topic(), payload);
            default -> {
                if (topic.reply()) {
                    acceptDeviceReply(topic, payload);
                } else {
                    handleRequest(session, topic, payload);
                }
            }
        }
        return false;
    }

    static boolean isLifecycleNotice(TopicKind kind) {
        return kind == TopicKind.DISABLE || kind == TopicKind.ENABLE || kind == TopicKind.DELETE;
    }

    private void handleRequest(Session session, AlinkTopic topic, byte[] payload) {
        RequestHandler handler = handlers.get(topic.kind());
        if (handler == null) {
            LOG.debug("no handler for {}; logged only", topic);
            return;
        }
        AlinkRequest request;
        try {
            request = AlinkRequest.parse(payload);
        } catch (AlinkFormatException e) {
            refuse(session, topic, "", RequestRefused.badParams(e.getMessage()));
            return;
        }
        CompletableFuture<JsonNode> data;
        try {
            data = handler.handle(new Request(session, topic, request)).toCompletableFuture();
        } catch (RequestRefused | AlinkFormatException e) {
            data = CompletableFuture.failedFuture(e);
        }
        data.whenComplete((ok, failure) -> {
            if (request.wantsReply() && topic.kind().isReplied()) {
                AlinkReply reply = reply(topic, request.id(), ok, failure);
                if (reply.code() != ReplyCode.SUCCESS) {
                    events.refused(session, topic, reply);
                }
                downlink.reply(session, topic, request.method() == null || request.method().isEmpty()
                        ? reply : reply.withMethod(request.method()));
            }
        });
    }

    private static AlinkReply reply(AlinkTopic topic, String id, JsonNode data, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause == null) {
            return AlinkReply.success(id, data);
        }
        if (cause instanceof RequestRefused refused) {
            return AlinkReply.error(id, refused.code(), refused.getMessage(), refused.data());
        }
        if (cause instanceof AlinkFormatException format) {
            return AlinkReply.error(id, ReplyCode.REQUEST_PARAMETER_ERROR, format.getMessage());
        }
        LOG.warn("handler for {} failed", topic, cause);
        return AlinkReply.error(id, ReplyCode.SERVER_ERROR, "internal error");
    }

    /** Answers a refused request on its reply topic; what the platform answers no request on is dropped, logged. */
    private void refuse(Session session, AlinkTopic topic, String id, RequestRefused refusal) {
        if (topic.reply() || !handlers.containsKey(topic.kind()) || !topic.kind().isReplied()) {
            LOG.info("dropped {} from {}: {}", topic, session, refusal.getMessage());
            return;
        }
        AlinkReply reply = AlinkReply.error(id, refusal.code(), refusal.getMessage());
        events.refused(session, topic, reply);
        downlink.reply(session, topic, reply);
    }

    /** A device's reply to a call the platform made (service, property set, topo/change notify). */
    private void acceptDeviceReply(AlinkTopic topic, byte[] payload) {
        try {
            if (!downlink.replied(topic, AlinkReply.parse(payload))) {
                LOG.debug("reply on {} matched no pending call", topic);
            }
        } catch (AlinkFormatException e) {
            LOG.info("dropped malformed reply on {}: {}", topic, e.getMessage());
        }
    }

    private void answerNtp(Session session, AlinkTopic topic, byte[] payload) {
        long received = System.currentTimeMillis();
        String deviceSendTime;
        try {
            deviceSendTime = AlinkJson.text(AlinkJson.parse(payload), "deviceSendTime");
        } catch (AlinkFormatException e) {
            deviceSendTime = null;
        }
        if (deviceSendTime == null) {
            LOG.info("dropped NTP request without deviceSendTime from {}", session);
            return;
        }
        ObjectNode response = AlinkJson.object();
        response.put("deviceSendTime", deviceSendTime);
        response.put("serverRecvTime", Long.toString(received));
        response.put("serverSendTime", Long.toString(System.currentTimeMillis()));
        downlink.send(session, AlinkTopic.of(TopicKind.NTP_RESPONSE, topic.device()).topic(), AlinkJson.toBytes(response));
    }

    /** The platform's answer to a publish for a sub-device that is not logged in: code 520 on its error channel. */
    private void sendNoSession(Session session, AlinkTopic topic, byte[] payload) {
        AlinkReply error = AlinkReply.error(idOf(payload), ReplyCode.NO_ACTIVE_SESSION,
                "device " + topic.device() + " has no active session: log it in first",
                SubDeviceEntries.identity(topic.device()));
        downlink.send(session, AlinkTopic.of(TopicKind.ERROR, topic.device()).topic(), error.toBytes());
    }

    /** The envelope id, so that even a refusal can be matched by the sender; empty when there is none to read. */
    private static String idOf(byte[] payload) {
        try {
            return AlinkRequest.parse(payload).id();
        } catch (AlinkFormatException e) {
            return "";
        }
    }
}
