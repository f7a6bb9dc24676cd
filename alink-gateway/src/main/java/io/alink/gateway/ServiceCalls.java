package io.alink.gateway;

import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.TopicKind;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cloud-to-device service calls and property sets for the gateway and its logged-in sub-devices: each call once (the
 * platform may deliver one twice), answered by the application's {@link ServiceHandler} on the callback executor.
 * Synchronous calls come here from {@link GatewayRrpc}; their answer is sent only before their deadline.
 */
final class ServiceCalls {

    private static final Logger log = LoggerFactory.getLogger(ServiceCalls.class);

    private final DeviceId gateway;
    private final Predicate<DeviceId> loggedIn;
    private final Transport transport;
    private final Consumer<Runnable> callbacks;
    private final RecentDownlinks recent = new RecentDownlinks();
    private volatile ServiceHandler handler;

    /**
     * @param loggedIn  whether a sub-device is logged in through this gateway
     * @param callbacks runs application code off the inbound thread
     */
    ServiceCalls(DeviceId gateway, Predicate<DeviceId> loggedIn, Transport transport, Consumer<Runnable> callbacks) {
        this.gateway = gateway;
        this.loggedIn = loggedIn;
        this.transport = transport;
        this.callbacks = callbacks;
    }

    void handler(ServiceHandler handler) {
        this.handler = handler;
    }

    /** Whether calls of {@code device} are this client's: the gateway's and its logged-in sub-devices'. */
    boolean serves(DeviceId device) {
        return device.equals(gateway) || loggedIn.test(device);
    }

    /** A call on {@code thing/service/{id}} or {@code thing/service/property/set}; on the inbound thread. */
    void onCall(AlinkTopic topic, byte[] payload) {
        if (!serves(topic.device())) {
            log.debug("Ignored a call on {}: not this gateway nor a logged-in sub-device", topic);
            return;
        }
        AlinkRequest call = AlinkRequest.parse(payload);
        String identifier = topic.kind() == TopicKind.PROPERTY_SET ? ServiceCall.PROPERTY_SET : topic.detail();
        accept(topic.topic(), new ServiceCall(topic.device(), identifier, call.id(), call.params()),
                topic.replyTopic().topic(), call.wantsReply());
    }

    /**
     * A synchronous service call, arrived on {@code topic} (an RRPC request) and answered on {@code replyTopic} before
     * {@code deadline}; on the inbound thread. The caller checked the device.
     */
    void onSyncCall(String topic, DeviceId device, String identifier, AlinkRequest call, String replyTopic,
                    Instant deadline) {
        accept(topic, new ServiceCall(device, identifier, call.id(), call.params(), deadline), replyTopic, true);
    }

    private void accept(String topic, ServiceCall call, String replyTopic, boolean wantsReply) {
        if (recent.firstDelivery(topic, call.id())) {
            callbacks.accept(() -> answer(call, replyTopic, wantsReply));
        }
    }

    private void answer(ServiceCall call, String replyTopic, boolean wantsReply) {
        ServiceHandler current = handler;
        CompletionStage<ServiceReply> answer;
        try {
            answer = current == null
                    ? CompletableFuture.completedFuture(
                            ServiceReply.error(ReplyCode.SERVER_ERROR, "no service handler"))
                    : Objects.requireNonNull(current.handle(call), "the service handler returned null");
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.handle((reply, error) -> error == null ? (reply == null ? ServiceReply.success(Map.of()) : reply)
                        : failureReply(call, Async.unwrap(error)))
                .thenCompose(reply -> !wantsReply || isLate(call) ? CompletableFuture.completedFuture(null)
                        : Async.attempt(() -> transport.publish(replyTopic,
                                new AlinkReply(call.id(), reply.code(), reply.data(), reply.message(), null).toBytes(),
                                0)))
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        log.warn("The reply to {} {} was not sent: {}", call.identifier(), call.id(),
                                Async.unwrap(error).getMessage());
                    }
                });
    }

    private static boolean isLate(ServiceCall call) {
        if (call.isSync() && Instant.now().isAfter(call.deadline())) {
            log.warn("The answer to synchronous call {} {} of {} came after its deadline {}: not sent",
                    call.identifier(), call.id(), call.device(), call.deadline());
            return true;
        }
        return false;
    }

    private static ServiceReply failureReply(ServiceCall call, Throwable error) {
        if (error instanceof AlinkReplyException refused) {
            return ServiceReply.error(refused.code(), refused.platformMessage());
        }
        log.warn("The service handler failed on {} of {}", call.identifier(), call.device(), error);
        return ServiceReply.error(ReplyCode.SERVER_ERROR, "service " + call.identifier() + " failed");
    }
}
