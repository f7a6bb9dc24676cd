package io.alink.gateway;

import io.alink.gateway.outbox.OutboxMessage;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.HistoryPost;
import io.alink.protocol.PackPost;
import io.alink.protocol.TopicKind;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * What a journaled pack/post becomes when the outbox sends it: itself while it is fresh and every sub-device in it
 * is online; otherwise the same values as a history/post, each with the time it was read. An entry older than
 * {@link GatewayConfig#historyAfter()} is back-fill, which must not pass for the devices' current state. The platform
 * takes history of a sub-device in the gateway's topology without its login, so an entry whose sub-device is not
 * online (yet, or any more) goes at once, rather than holding up every later entry of the gateway: a pack waits for
 * nobody's login, which is why packs must name sub-devices already in the topology.
 */
final class PackReplay {

    private final DeviceId gateway;
    private final String packTopic;
    private final String historyTopic;
    private final long historyAfterMillis;
    private final Predicate<DeviceId> online;
    private final LongSupplier clock;

    PackReplay(DeviceId gateway, Duration historyAfter, Predicate<DeviceId> online, LongSupplier clock) {
        this.gateway = gateway;
        this.packTopic = AlinkTopic.of(TopicKind.PROPERTY_PACK_POST, gateway).topic();
        this.historyTopic = AlinkTopic.of(TopicKind.PROPERTY_HISTORY_POST, gateway).topic();
        this.historyAfterMillis = historyAfter.toMillis();
        this.online = online;
        this.clock = clock;
    }

    /** The message to send for {@code message}: itself, or its pack as a history/post under the same envelope id. */
    OutboxMessage atDelivery(OutboxMessage message) {
        if (!message.topic().equals(packTopic)) {
            return message;
        }
        try {
            AlinkRequest envelope = AlinkRequest.parse(message.payload());
            PackPost pack = PackPost.parse(envelope.params(), message.createdMillis());
            boolean fresh = clock.getAsLong() - message.createdMillis() <= historyAfterMillis;
            if (fresh && pack.devices().stream().allMatch(online)) {
                return message;
            }
            HistoryPost history = pack.toHistory(gateway);
            byte[] payload = new AlinkRequest(envelope.id(), AlinkRequest.VERSION, history.params(),
                    TopicKind.PROPERTY_HISTORY_POST.method(), envelope.ack()).toBytes();
            // a pack at the size limit can outgrow it as history; as it is, it at least has a chance
            return payload.length > Validation.MAX_PAYLOAD_BYTES ? message
                    : new OutboxMessage(message.seq(), message.device(), historyTopic, payload,
                    message.createdMillis());
        } catch (AlinkFormatException unreadable) {
            // not a pack this client journaled: sent as it is, for the platform to judge
            return message;
        }
    }
}
