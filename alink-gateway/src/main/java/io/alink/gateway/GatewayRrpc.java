package io.alink.gateway;

import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ExtRrpc;
import io.alink.protocol.TopicKind;
import io.alink.protocol.TopicLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revert-RPC: requests the cloud waits for an answer to, for the gateway and its logged-in sub-devices. Three kinds
 * arrive:
 * <ul>
 * <li>classic RRPC on {@code /sys/{pk}/{dn}/rrpc/request/{messageId}}, answered on
 * {@code /sys/{pk}/{dn}/rrpc/response/{messageId}} by the {@link #onRrpc RRPC handler};</li>
 * <li>custom RRPC on {@code /ext/rrpc/{messageId}/{customTopic}} (after {@link #subscribe}), answered on the same
 * topic by the RRPC handler;</li>
 * <li>services of call type sync: an Alink request (method {@code thing.service.{identifier}}) in a classic RRPC, or
 * on {@code /ext/rrpc/{messageId}/sys/{pk}/{dn}/thing/service/{identifier}}; they go to the client's
 * {@link ServiceHandler} as a {@link ServiceCall} that {@linkplain ServiceCall#isSync() is sync}, and its Alink reply
 * goes back the way the request came.</li>
 * </ul>
 * The cloud waits at most {@link GatewayConfig#rrpcAnswerWindow()} (its timeout is not in the request); an answer
 * completed after that deadline is not sent, and logged once.
 */
public final class GatewayRrpc {

    private static final Logger log = LoggerFactory.getLogger(GatewayRrpc.class);

    private static final String SERVICE_METHOD_PREFIX = "thing.service.";

    private final ServiceCalls services;
    private final Transport transport;
    private final Subscriptions subscriptions;
    private final Namespaces namespaces;
    private final ClientThreads threads;
    private final Duration answerWindow;
    private final Function<Supplier<CompletableFuture<Void>>, CompletableFuture<Void>> start;
    private final RecentDownlinks recent = new RecentDownlinks();
    private final AtomicBoolean warnedNoHandler = new AtomicBoolean();
    private volatile RrpcHandler handler;

    /** @param start runs a public operation as the client does (refused once closed, answered on the callbacks) */
    GatewayRrpc(ServiceCalls services, Transport transport, Subscriptions subscriptions, Namespaces namespaces,
                ClientThreads threads, Duration answerWindow,
                Function<Supplier<CompletableFuture<Void>>, CompletableFuture<Void>> start) {
        this.services = services;
        this.transport = transport;
        this.subscriptions = subscriptions;
        this.namespaces = namespaces;
        this.threads = threads;
        this.answerWindow = answerWindow;
        this.start = start;
    }

    /**
     * Answers classic and custom RRPC requests. Without a handler they are left unanswered (the cloud sees a
     * timeout), which is logged once.
     *
     * @param handler the one handler; a later call replaces it
     */
    public void onRrpc(RrpcHandler handler) {
        this.handler = handler;
    }

    /**
     * Subscribes to custom RRPC requests wrapped around {@code customTopic} ({@code /ext/rrpc/+{customTopic}}); they
     * reach the {@link #onRrpc RRPC handler}. Restored after a reconnection like the application's subscriptions.
     *
     * @param customTopic a custom topic ({@code /{pk}/{dn}/user/...}) of the gateway or a logged-in sub-device
     * @return completes on SUBACK
     * @throws InvalidRequestException for a topic that is no custom topic of the gateway or a logged-in sub-device
     */
    public CompletableFuture<Void> subscribe(String customTopic) {
        Validation.publishTopic(customTopic);
        if (AlinkTopic.parse(customTopic).map(AlinkTopic::kind).orElse(null) != TopicKind.CUSTOM) {
            throw new InvalidRequestException("a custom RRPC topic must be a custom topic /{pk}/{dn}/user/..., was "
                    + customTopic);
        }
        namespaces.topicOwner(customTopic);
        // the requests go to the RRPC handler through the router; this subscription only asks for them
        return start.apply(() -> subscriptions.subscribe(ExtRrpc.filter(customTopic), 0, message -> { }));
    }

    /** A request on {@code /sys/{pk}/{dn}/rrpc/request/{messageId}}; on the inbound thread. */
    void onRequest(AlinkTopic topic, byte[] payload) {
        DeviceId device = topic.device();
        if (!services.serves(device)) {
            log.debug("Ignored an RRPC request on {}: not this gateway nor a logged-in sub-device", topic);
            return;
        }
        Instant deadline = Instant.now().plus(answerWindow);
        String response = AlinkTopic.of(TopicKind.RRPC_RESPONSE, device, topic.detail()).topic();
        Optional<AlinkRequest> call = serviceCall(payload);
        if (call.isPresent()) {
            services.onSyncCall(topic.topic(), device, identifier(call.get().method()), call.get(), response,
                    deadline);
        } else {
            answer(topic.topic(), new RrpcRequest(device, topic.detail(), null, payload, deadline), response);
        }
    }

    /** A request on {@code /ext/rrpc/{messageId}/...}, answered on the same topic; on the inbound thread. */
    void onExtRrpc(AlinkTopic topic, byte[] payload) {
        ExtRrpc call = ExtRrpc.of(topic).orElseThrow();
        if (!services.serves(topic.device())) {
            log.debug("Ignored an RRPC request on {}: not this gateway nor a logged-in sub-device", topic);
            return;
        }
        Instant deadline = Instant.now().plus(answerWindow);
        TopicKind wrapped = call.wrapped().map(AlinkTopic::kind).orElse(TopicKind.CUSTOM);
        if (wrapped == TopicKind.SERVICE || wrapped == TopicKind.PROPERTY_SET) {
            AlinkRequest request = AlinkRequest.parse(payload);
            String identifier = wrapped == TopicKind.PROPERTY_SET ? ServiceCall.PROPERTY_SET
                    : call.wrapped().orElseThrow().detail();
            services.onSyncCall(topic.topic(), topic.device(), identifier, request, topic.topic(), deadline);
        } else {
            answer(topic.topic(), new RrpcRequest(topic.device(), call.messageId(), call.wrappedTopic(), payload,
                    deadline), topic.topic());
        }
    }

    /** The Alink request of a sync service call in a classic RRPC; empty for any other (opaque) payload. */
    private static Optional<AlinkRequest> serviceCall(byte[] payload) {
        try {
            AlinkRequest request = AlinkRequest.parse(payload);
            String method = request.method();
            boolean service = method != null && method.startsWith(SERVICE_METHOD_PREFIX)
                    && (method.equals(TopicKind.PROPERTY_SET.method())
                    || TopicLevel.IDENTIFIER.accepts(method.substring(SERVICE_METHOD_PREFIX.length())));
            return service ? Optional.of(request) : Optional.empty();
        } catch (AlinkFormatException opaque) {
            return Optional.empty();
        }
    }

    private static String identifier(String method) {
        return method.equals(TopicKind.PROPERTY_SET.method()) ? ServiceCall.PROPERTY_SET
                : method.substring(SERVICE_METHOD_PREFIX.length());
    }

    private void answer(String topic, RrpcRequest request, String responseTopic) {
        if (!recent.firstDelivery(topic, request.messageId())) {
            return;
        }
        RrpcHandler current = handler;
        if (current == null) {
            if (warnedNoHandler.compareAndSet(false, true)) {
                log.warn("RRPC requests arrive (first: {}) but no RRPC handler is set: the cloud sees timeouts",
                        request);
            }
            return;
        }
        threads.runCallback(() -> {
            CompletionStage<byte[]> answer;
            try {
                answer = Objects.requireNonNull(current.answer(request), "the RRPC handler returned null");
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.thenCompose(bytes -> send(request, responseTopic, bytes)).whenComplete((sent, error) -> {
                if (error != null) {
                    log.warn("No answer to {}: {}", request, Async.unwrap(error).toString());
                }
            });
        });
    }

    private CompletableFuture<Void> send(RrpcRequest request, String responseTopic, byte[] answer) {
        if (Instant.now().isAfter(request.deadline())) {
            log.warn("The answer to {} came after its deadline: not sent", request);
            return CompletableFuture.completedFuture(null);
        }
        Validation.payload(answer);
        return Async.attempt(() -> transport.publish(responseTopic, answer, 0));
    }
}
