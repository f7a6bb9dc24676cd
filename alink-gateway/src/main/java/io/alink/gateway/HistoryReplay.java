package io.alink.gateway;

import io.alink.gateway.outbox.OutboxMessage;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.HistoryPost;
import io.alink.protocol.PackPost;
import io.alink.protocol.TimedValue;
import io.alink.protocol.TopicKind;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * What a journaled property post or pack becomes when the outbox sends it. An entry older than
 * {@link GatewayConfig#historyAfter()} is back-fill from an outage, which must not pass for the devices' current
 * state: it goes as a history/post of the same values, each with the time it was read (a value journaled without one
 * gets the time it was journaled). A fresh pack goes as it is only while every sub-device in it is online: the
 * platform takes history of a sub-device in the gateway's topology without its login, so a pack whose sub-device is
 * not online (yet, or any more) goes at once as history rather than holding up every later entry of the gateway; a
 * property post waits for its device's login in the outbox, as before.
 */
final class HistoryReplay {

    private static final String PROPERTY_POST_PATH = "/thing/event/property/post";

    private final DeviceId gateway;
    private final String packTopic;
    private final String historyTopic;
    private final long historyAfterMillis;
    private final Predicate<DeviceId> online;
    private final LongSupplier clock;

    HistoryReplay(DeviceId gateway, Duration historyAfter, Predicate<DeviceId> online, LongSupplier clock) {
        this.gateway = gateway;
        this.packTopic = AlinkTopic.of(TopicKind.PROPERTY_PACK_POST, gateway).topic();
        this.historyTopic = AlinkTopic.of(TopicKind.PROPERTY_HISTORY_POST, gateway).topic();
        this.historyAfterMillis = historyAfter.toMillis();
        this.online = online;
        this.clock = clock;
    }

    /**
     * The message to send for {@code message}: itself, or its values as a history/post under the same envelope id.
     * Whether it is old enough for history is known from its journal time; a fresh message is parsed only as far as
     * needed (a pack's sub-devices), and in full only when it goes as history.
     */
    OutboxMessage atDelivery(OutboxMessage message) {
        boolean pack = message.topic().equals(packTopic);
        if (!pack && !message.topic().endsWith(PROPERTY_POST_PATH)) {
            return message;
        }
        boolean fresh = clock.getAsLong() - message.createdMillis() <= historyAfterMillis;
        if (fresh && !pack) {
            return message;
        }
        try {
            byte[] payload = message.payload();
            if (fresh && PackDevices.of(payload).stream().allMatch(online)) {
                return message;
            }
            AlinkRequest envelope = AlinkRequest.parse(payload);
            Optional<HistoryPost> history = pack
                    ? Optional.of(PackPost.parse(envelope.params(), message.createdMillis()).toHistory(gateway))
                    : postHistory(envelope, message);
            return history.map(h -> asHistory(envelope, h, message)).orElse(message);
        } catch (AlinkFormatException unreadable) {
            // not an envelope this client journaled: sent as it is, for the platform to judge
            return message;
        }
    }

    /** The post's values under its device's identity; empty for what is no property post of this gateway's. */
    private Optional<HistoryPost> postHistory(AlinkRequest envelope, OutboxMessage message) {
        Optional<AlinkTopic> topic = AlinkTopic.parse(message.topic());
        if (topic.isEmpty() || topic.get().kind() != TopicKind.PROPERTY_POST || !envelope.params().isObject()) {
            return Optional.empty();
        }
        Map<String, TimedValue> values = TimedValue.ofPropertyPost(envelope.params(), message.createdMillis());
        return values.isEmpty() ? Optional.empty()
                : Optional.of(HistoryPost.builder().values(topic.get().device(), values, Map.of()).build());
    }

    private OutboxMessage asHistory(AlinkRequest envelope, HistoryPost history, OutboxMessage message) {
        byte[] payload = new AlinkRequest(envelope.id(), AlinkRequest.VERSION, history.params(),
                TopicKind.PROPERTY_HISTORY_POST.method(), envelope.ack()).toBytes();
        // a message at the size limit can outgrow it as history; as it is, it at least has a chance
        return payload.length > Validation.MAX_PAYLOAD_BYTES ? message
                : new OutboxMessage(message.seq(), message.device(), historyTopic, payload, message.createdMillis());
    }
}
