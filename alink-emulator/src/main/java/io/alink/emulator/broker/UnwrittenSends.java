package io.alink.emulator.broker;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import com.hivemq.extension.sdk.api.packets.general.UserProperties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the platform messages that HiveMQ has queued for a client but not yet passed to its connection, so that a
 * disconnect does not overtake them: MQTT dynamic registration pushes the device secret and closes right after,
 * and HiveMQ silently drops what is still queued when the connection closes.
 *
 * <p>A message from {@link EmbeddedBroker#send} carries the user property {@link #UNWRITTEN} until HiveMQ hands it
 * to this outbound interceptor, just before writing it. MQTT 3 has no user properties on the wire; for MQTT 5 the
 * property is removed here.
 */
final class UnwrittenSends implements PublishOutboundInterceptor {

    static final String UNWRITTEN = "alink-unwritten";

    /** Only clients with messages on their way have an entry. */
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(int count, CompletableFuture<Void> empty) {
    }

    /** Call before handing the message to HiveMQ, so that its interception cannot come first. */
    void add(String clientId) {
        pending.compute(clientId, (id, current) -> current == null
                ? new Pending(1, new CompletableFuture<>())
                : new Pending(current.count() + 1, current.empty()));
    }

    /** The message left the unwritten: passed to the connection, or never queued. */
    void remove(String clientId) {
        while (true) {
            Pending current = pending.get(clientId);
            if (current == null) {
                return;
            }
            if (current.count() > 1) {
                if (pending.replace(clientId, current, new Pending(current.count() - 1, current.empty()))) {
                    return;
                }
            } else if (pending.remove(clientId, current)) {
                current.empty().complete(null);
                return;
            }
        }
    }

    /** The connection is gone: what is still counted will not pass here any more. */
    void forget(String clientId) {
        Pending forgotten = pending.remove(clientId);
        if (forgotten != null) {
            forgotten.empty().complete(null);
        }
    }

    /** Completes when every message counted so far for the client has left the unwritten. */
    CompletableFuture<Void> empty(String clientId) {
        Pending current = pending.get(clientId);
        return current == null ? CompletableFuture.completedFuture(null) : current.empty().copy();
    }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        UserProperties properties = input.getPublishPacket().getUserProperties();
        if (!properties.isEmpty() && properties.getFirst(UNWRITTEN).isPresent()) {
            output.getPublishPacket().getUserProperties().removeName(UNWRITTEN);
            remove(input.getClientInformation().getClientId());
        }
    }
}
