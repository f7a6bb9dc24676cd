package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.AdminException;
import io.alink.emulator.EmulatorRrpc;
import io.alink.emulator.RrpcResult;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ExtRrpc;
import io.alink.protocol.TopicKind;
import io.alink.protocol.TopicLevel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** {@link EmulatorRrpc} over the platform's downlink. */
final class PlatformRrpc implements EmulatorRrpc {
    private final Downlink downlink;
    private final Function<DeviceId, Session> carrying;

    /** @param carrying the session that carries a device: 404 unknown, 409 offline */
    PlatformRrpc(Downlink downlink, Function<DeviceId, Session> carrying) {
        this.downlink = downlink;
        this.carrying = carrying;
    }

    @Override
    public CompletableFuture<RrpcResult> rrpc(DeviceId device, String customTopic, byte[] payload, Duration timeout) {
        requireTimeout(timeout);
        if (payload == null) {
            throw new AdminException(400, "the RRPC payload is missing");
        }
        if (customTopic != null) {
            requireCustomTopic(device, customTopic);
        }
        Session session = carrying.apply(device);
        String messageId = downlink.nextId();
        String topic = customTopic == null ? AlinkTopic.of(TopicKind.RRPC_REQUEST, device, messageId).topic()
                : new ExtRrpc(messageId, customTopic).topic();
        String response = customTopic == null ? AlinkTopic.of(TopicKind.RRPC_RESPONSE, device, messageId).topic()
                : topic;
        return downlink.rrpc(session, topic, response, payload, timeout)
                .thenApply(answer -> new RrpcResult(RrpcResult.SUCCESS, messageId, answer))
                .exceptionally(failure -> {
                    if (unwrap(failure) instanceof TimeoutException) {
                        return RrpcResult.timeout(messageId);
                    }
                    throw new CompletionException(unwrap(failure));
                });
    }

    @Override
    public CompletableFuture<AlinkReply> invokeServiceSync(DeviceId device, String identifier, JsonNode params,
                                                           Duration timeout) {
        requireTimeout(timeout);
        TopicLevel.IDENTIFIER.problem(identifier).ifPresent(problem -> {
            throw new AdminException(400, "the service identifier " + problem);
        });
        if (params == null || !params.isObject()) {
            throw new AdminException(400, "params must be a JSON object");
        }
        Session session = carrying.apply(device);
        String messageId = downlink.nextId();
        byte[] request = AlinkRequest.of(downlink.nextId(), TopicKind.SERVICE.method(identifier), params).toBytes();
        return downlink.rrpc(session, AlinkTopic.of(TopicKind.RRPC_REQUEST, device, messageId).topic(),
                        AlinkTopic.of(TopicKind.RRPC_RESPONSE, device, messageId).topic(), request, timeout)
                .thenApply(answer -> {
                    try {
                        return AlinkReply.parse(answer);
                    } catch (AlinkFormatException e) {
                        throw new AdminException(502, "device " + device + " answered the synchronous call with"
                                + " no Alink reply: " + e.getMessage());
                    }
                });
    }

    private static void requireTimeout(Duration timeout) {
        long millis = timeout == null ? -1 : timeout.toMillis();
        if (millis < MIN_TIMEOUT_MS || millis > MAX_TIMEOUT_MS) {
            throw new AdminException(400, "timeoutMs must be " + MIN_TIMEOUT_MS + "-" + MAX_TIMEOUT_MS
                    + ", the platform's RRPC range, was " + millis);
        }
    }

    private static void requireCustomTopic(DeviceId device, String customTopic) {
        Optional<AlinkTopic> parsed = AlinkTopic.parse(customTopic);
        if (parsed.isEmpty() || parsed.get().kind() != TopicKind.CUSTOM || !parsed.get().device().equals(device)) {
            throw new AdminException(400, "a custom RRPC topic must be a custom topic /" + device.productKey() + "/"
                    + device.deviceName() + "/user/... of the device");
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
