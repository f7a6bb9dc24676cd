package io.alink.emulator.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authorizes and hands every device PUBLISH to the platform.
 *
 * <p>Publish authorization happens here rather than in a HiveMQ PublishAuthorizer for two reasons: HiveMQ runs
 * inbound interceptors before authorizers (so the platform would see unauthorized messages), and a refused
 * authorization disconnects an MQTT 3 client, while the platform drops the message and keeps the connection.
 *
 * <p>HiveMQ runs this on its extension executor, one queue per client id: calls for one client come one at a
 * time and in order, and a call whose output went async holds the client's later ones. So only the platform's
 * delivery decision (taken at once, unless the property values' writer is far behind) is waited for here; the
 * commit that a QoS 1 PUBACK needs is waited for by {@link DurablePubacks}, so that the client's next messages are
 * taken meanwhile and committed together with this one. One instance per connection, with that connection's PUBACKs.
 */
final class InboundPublishes implements PublishInboundInterceptor {

    private static final Logger log = LoggerFactory.getLogger(InboundPublishes.class);
    /** A decision that takes longer than this means the platform is stuck: the message stays unacknowledged. */
    private static final Duration DECISION_TIMEOUT = Duration.ofSeconds(30);

    private final BrokerHooks hooks;
    private final DurablePubacks pubacks;

    InboundPublishes(BrokerHooks hooks, DurablePubacks pubacks) {
        this.hooks = hooks;
        this.pubacks = pubacks;
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        PublishPacket publish = input.getPublishPacket();
        int qos = publish.getQos().getQosNumber();
        if (qos > 1) {
            // HiveMQ closes the connection right after this (max-qos 1): the platform must not see the message
            return;
        }
        String clientId = input.getClientInformation().getClientId();
        String topic = publish.getTopic();
        if (publish.getRetain()) {
            // the platform has no retained messages
            output.getPublishPacket().setRetain(false);
        }
        CompletableFuture<Boolean> taken;
        try {
            if (!hooks.mayPublish(clientId, topic)) {
                log.debug("Dropped a message of {} to the forbidden topic {}", clientId, topic);
                output.preventPublishDelivery(refusal(input.getConnectionInformation().getMqttVersion()));
                return;
            }
            PublishAnswer answer = hooks.onPublish(clientId, topic, payload(publish), qos);
            if (qos == 1) {
                pubacks.hold(publish.getPacketId(), answer.durable());
            }
            taken = answer.delivered().toCompletableFuture();
        } catch (RuntimeException e) {
            taken = CompletableFuture.failedFuture(e);
        }
        if (taken.isDone()) {
            decide(clientId, topic, taken, output);
            return;
        }
        Async<PublishInboundOutput> async = output.async(DECISION_TIMEOUT, TimeoutFallback.FAILURE,
                AckReasonCode.UNSPECIFIED_ERROR);
        CompletableFuture<Boolean> pending = taken;
        pending.whenComplete((deliver, failure) -> {
            decide(clientId, topic, pending, async.getOutput());
            async.resume();
        });
    }

    /** Applies the platform's completed answer to the output. */
    private static void decide(String clientId, String topic, CompletableFuture<Boolean> taken,
                               PublishInboundOutput output) {
        boolean deliver;
        try {
            deliver = taken.join();
        } catch (RuntimeException e) {
            log.warn("Platform failed to take a message of {} to {}; closing the connection", clientId, topic, e);
            // not acknowledging is the only honest answer, and MQTT 3 can say it only by closing the connection
            output.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR);
            return;
        }
        if (!deliver) {
            output.preventPublishDelivery();
        }
    }

    /** MQTT 5 can say "not authorized" in the PUBACK; for MQTT 3 anything but success closes the connection. */
    private static AckReasonCode refusal(MqttVersion version) {
        return version == MqttVersion.V_5 ? AckReasonCode.NOT_AUTHORIZED : AckReasonCode.SUCCESS;
    }

    private static byte[] payload(PublishPacket publish) {
        return publish.getPayload().map(buffer -> {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }).orElseGet(() -> new byte[0]);
    }
}
