package io.alink.emulator.broker;

import com.hivemq.extension.sdk.api.client.ClientContext;
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
 *
 * <p>The interceptor is on a client only while a platform message to it is counted: HiveMQ runs a client's outbound
 * interceptors on its extension executor, a hand-off there and back for every message the client receives, which
 * would otherwise be paid by every message devices route to each other.
 */
final class UnwrittenSends implements PublishOutboundInterceptor {

    static final String UNWRITTEN = "alink-unwritten";

    /** Only clients with messages on their way have an entry. */
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    /** The context of each client's current connection, by clientId. */
    private final ConcurrentHashMap<String, Context> contexts = new ConcurrentHashMap<>();

    private record Pending(int count, CompletableFuture<Void> empty) {
    }

    /** A connection's context, with its id so that the end of a connection taken over leaves its successor's alone. */
    private record Context(long connectionId, ClientContext client) {
    }

    /** A connection of {@code clientId} was set up: the interceptor goes on its context when needed. */
    void initialized(String clientId, long connectionId, ClientContext client) {
        contexts.put(clientId, new Context(connectionId, client));
    }

    /** A connection of {@code clientId} is closed: its context goes, unless a newer connection's replaced it. */
    void closed(String clientId, long connectionId) {
        contexts.computeIfPresent(clientId, (id, context) -> context.connectionId() == connectionId ? null : context);
    }

    /** Call before handing the message to HiveMQ, so that its interception cannot come first. */
    void add(String clientId) {
        pending.compute(clientId, (id, current) -> {
            if (current == null) {
                intercept(clientId, true);
                return new Pending(1, new CompletableFuture<>());
            }
            return new Pending(current.count() + 1, current.empty());
        });
    }

    /** The message left the unwritten: passed to the connection, or never queued. */
    void remove(String clientId) {
        Pending[] emptied = new Pending[1];
        pending.computeIfPresent(clientId, (id, current) -> {
            if (current.count() > 1) {
                return new Pending(current.count() - 1, current.empty());
            }
            intercept(clientId, false);
            emptied[0] = current;
            return null;
        });
        if (emptied[0] != null) {
            emptied[0].empty().complete(null);
        }
    }

    /** The connection is gone: what is still counted will not pass here any more. */
    void forget(String clientId) {
        Pending[] forgotten = new Pending[1];
        pending.computeIfPresent(clientId, (id, current) -> {
            intercept(clientId, false);
            forgotten[0] = current;
            return null;
        });
        if (forgotten[0] != null) {
            forgotten[0].empty().complete(null);
        }
    }

    /** Run under the client's entry in {@link #pending}, so that puttings on and takings off come in order. */
    private void intercept(String clientId, boolean on) {
        Context context = contexts.get(clientId);
        if (context == null) {
            // not set up or gone: a count that no interception ends is ended by the disconnect's time limit
            return;
        }
        if (on) {
            context.client().addPublishOutboundInterceptor(this);
        } else {
            context.client().removePublishOutboundInterceptor(this);
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
