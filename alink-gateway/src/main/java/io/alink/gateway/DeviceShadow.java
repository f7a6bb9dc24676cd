package io.alink.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ShadowMessage;
import io.alink.protocol.TopicKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device shadow of the gateway and its logged-in sub-devices: report the state ({@code update}), read it
 * ({@code get}), delete reported attributes, and hear the cloud's {@code control} when an application sets a desired
 * state. Every change carries a version that must be greater than the shadow's; a stale one fails with an
 * {@link AlinkReplyException} whose code is {@link ShadowMessage#VERSION_CONFLICT}, and changes nothing.
 *
 * <p>The platform's shadow answers carry no request id: answers are matched to a device's requests in the order they
 * were sent, so a late answer to a request that timed out would be taken for the next one's. Get it from
 * {@link GatewayClient#shadow()}.
 */
public final class DeviceShadow {
    private static final Logger log = LoggerFactory.getLogger(DeviceShadow.class);

    private final Namespaces namespaces;
    private final SubDeviceUplinks uplinks;
    private final ClientThreads threads;
    private final Operations operations;
    /** Requests waiting for their answer, per device, oldest first; guarded by itself. */
    private final Map<DeviceId, Deque<CompletableFuture<ShadowMessage.Received>>> waiting = new HashMap<>();
    private volatile Consumer<ShadowState> controlListener = state -> { };

    DeviceShadow(Namespaces namespaces, SubDeviceUplinks uplinks, ClientThreads threads, Operations operations) {
        this.namespaces = namespaces;
        this.uplinks = uplinks;
        this.threads = threads;
        this.operations = operations;
    }

    /**
     * Reports attributes; an attribute given as the text {@code "null"} is deleted.
     *
     * @param device   the gateway or a logged-in sub-device
     * @param reported the attributes, as Jackson writes them
     * @param version  greater than the shadow's version
     * @return completes with the shadow's new version
     * @throws InvalidRequestException for a device not this gateway's, or no attributes
     */
    public CompletableFuture<Long> report(DeviceId device, Map<String, ?> reported, long version) {
        ObjectNode attributes = ThingPost.object(reported, "reported attributes");
        if (attributes.isEmpty()) {
            throw new InvalidRequestException("no reported attributes given");
        }
        return change(device, ShadowMessage.update(attributes, version), "shadow update of " + device);
    }

    /**
     * Clears the desired state once the device acted on it.
     *
     * @param device  the gateway or a logged-in sub-device
     * @param version greater than the shadow's version
     * @return completes with the shadow's new version
     * @throws InvalidRequestException for a device not this gateway's
     */
    public CompletableFuture<Long> clearDesired(DeviceId device, long version) {
        return change(device, ShadowMessage.clearDesired(version), "shadow desired clear of " + device);
    }

    /**
     * Deletes reported attributes.
     *
     * @param device  the gateway or a logged-in sub-device
     * @param keys    the attributes to delete; empty for all of them
     * @param version greater than the shadow's version
     * @return completes with the shadow's new version
     * @throws InvalidRequestException for a device not this gateway's, or a missing key
     */
    public CompletableFuture<Long> delete(DeviceId device, Collection<String> keys, long version) {
        if (keys == null || keys.stream().anyMatch(k -> k == null || k.isEmpty())) {
            throw new InvalidRequestException("the attribute keys are missing");
        }
        return change(device, ShadowMessage.delete(List.copyOf(keys), version), "shadow delete of " + device);
    }

    /**
     * Reads the shadow.
     *
     * @param device the gateway or a logged-in sub-device
     * @return completes with the reported and desired state and the version
     * @throws InvalidRequestException for a device not this gateway's
     */
    public CompletableFuture<ShadowState> get(DeviceId device) {
        namespaces.requireOwn(device);
        return operations.start(() -> exchange(device, ShadowMessage.get(), "shadow get of " + device)
                .thenApply(answer -> state(device, answer)));
    }

    /**
     * Told, on the callback executor, of every {@code control} the cloud sends: an application changed the desired
     * state of the gateway or a logged-in sub-device.
     *
     * @param listener the one listener; a later call replaces it
     */
    public void onControl(Consumer<ShadowState> listener) {
        controlListener = listener == null ? state -> { } : listener;
    }

    private CompletableFuture<Long> change(DeviceId device, ObjectNode message, String what) {
        namespaces.requireOwn(device);
        return operations.start(() -> exchange(device, message, what).thenApply(ShadowMessage.Received::version));
    }

    /** Sends a shadow request and completes with its answer, or fails with the platform's error code. */
    private CompletableFuture<ShadowMessage.Received> exchange(DeviceId device, ObjectNode message, String what) {
        CompletableFuture<ShadowMessage.Received> answer = new CompletableFuture<>();
        synchronized (waiting) {
            waiting.computeIfAbsent(device, d -> new ArrayDeque<>()).addLast(answer);
        }
        CompletableFuture<ShadowMessage.Received> bounded = threads.withTimeout(answer, what);
        bounded.whenComplete((done, error) -> forget(device, answer));
        uplinks.send(device, AlinkTopic.of(TopicKind.SHADOW_UPDATE, device).topic(), AlinkJson.toBytes(message), 0)
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        answer.completeExceptionally(Async.unwrap(error));
                    }
                });
        return bounded.thenApply(received -> {
            if (!received.success()) {
                throw new AlinkReplyException(what, received.errorCode(), received.errorMessage(),
                        AlinkJson.nodes().nullNode());
            }
            return received;
        });
    }

    private void forget(DeviceId device, CompletableFuture<ShadowMessage.Received> answer) {
        synchronized (waiting) {
            Deque<CompletableFuture<ShadowMessage.Received>> queue = waiting.get(device);
            if (queue != null && queue.remove(answer) && queue.isEmpty()) {
                waiting.remove(device);
            }
        }
    }

    /** No answer will come to what waits (the client is closing: its timer, which would end the wait, is gone). */
    void failAll(Throwable error) {
        List<CompletableFuture<ShadowMessage.Received>> pending = new ArrayList<>();
        synchronized (waiting) {
            waiting.values().forEach(pending::addAll);
            waiting.clear();
        }
        pending.forEach(answer -> answer.completeExceptionally(error));
    }

    /** A message on {@code /shadow/get/{pk}/{dn}}, on the inbound thread. */
    void onMessage(AlinkTopic topic, byte[] payload) {
        ShadowMessage.Received received;
        try {
            received = ShadowMessage.Received.parse(payload);
        } catch (AlinkFormatException e) {
            log.warn("Ignored a malformed shadow message on {}", topic);
            return;
        }
        DeviceId device = topic.device();
        if (ShadowMessage.CONTROL.equals(received.method())) {
            ShadowState state = state(device, received);
            Consumer<ShadowState> listener = controlListener;
            threads.runCallback(() -> listener.accept(state));
            return;
        }
        CompletableFuture<ShadowMessage.Received> oldest;
        synchronized (waiting) {
            Deque<CompletableFuture<ShadowMessage.Received>> queue = waiting.get(device);
            oldest = queue == null ? null : queue.pollFirst();
        }
        if (oldest == null) {
            log.debug("Ignored a shadow answer on {}: no request waits for one", topic);
        } else {
            oldest.complete(received);
        }
    }

    private static ShadowState state(DeviceId device, ShadowMessage.Received received) {
        JsonNode state = received.state();
        return new ShadowState(device, section(state, "reported"), section(state, "desired"), received.version());
    }

    private static JsonNode section(JsonNode state, String name) {
        JsonNode section = state.get(name);
        return section != null && section.isObject() ? section.deepCopy() : AlinkJson.object();
    }
}
