package io.alink.emulator.broker;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.builder.TopicSubscriptionBuilder;
import com.hivemq.extension.sdk.api.services.exception.NoSuchClientIdException;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import com.hivemq.extension.sdk.api.services.publish.PublishToClientResult;
import com.hivemq.extension.sdk.api.services.subscription.TopicSubscription;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Platform messages to one client, the subscriptions the platform makes on a client's behalf, and closing a client
 * without losing what was sent to it just before.
 *
 * <p>HiveMQ delivers to a single client only through one of its subscriptions. The client may have unsubscribed
 * what the platform subscribed for it, or lost it with a clean session; so {@link #send} first just tries, and
 * only when HiveMQ answers NOT_SUBSCRIBED subscribes the client to the exact topic and tries again. This costs one
 * topic-tree lookup per message and no cache that could go stale.
 */
final class ClientDelivery {

    /** HiveMQ may drop a QoS 0 message instead of passing it to a slow connection; do not wait for it forever. */
    private static final Duration OUTBOX_DRAIN_LIMIT = Duration.ofSeconds(2);
    /** HiveMQ writes a message to the connection just after the unwritten saw it, on another thread. */
    private static final Executor AFTER_LAST_WRITE = CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS);

    private final HiveMqServices services;
    private final Connections connections;
    private final UnwrittenSends unwritten;

    ClientDelivery(HiveMqServices services, Connections connections, UnwrittenSends unwritten) {
        this.services = services;
        this.connections = connections;
        this.unwritten = unwritten;
    }

    CompletableFuture<Void> subscribe(String clientId, Collection<String> topicFilters) {
        // one builder for the set: HiveMQ's Builders asks its injector for each new one, and this runs per CONNECT
        TopicSubscriptionBuilder builder = Builders.topicSubscription().qos(Qos.AT_LEAST_ONCE);
        Set<TopicSubscription> subscriptions = topicFilters.stream()
                .map(filter -> builder.topicFilter(filter).build())
                .collect(Collectors.toUnmodifiableSet());
        return services.subscriptions().addSubscriptions(clientId, subscriptions)
                .exceptionally(failure -> rethrow(clientId, failure));
    }

    CompletableFuture<Void> unsubscribe(String clientId, Collection<String> topicFilters) {
        return services.subscriptions().removeSubscriptions(clientId, Set.copyOf(topicFilters))
                .exceptionally(failure -> rethrow(clientId, failure));
    }

    CompletableFuture<Void> send(String clientId, String topic, byte[] payload, int qos) {
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("the platform sends with QoS 0 or 1, not " + qos);
        }
        Publish publish = Builders.publish()
                .topic(topic)
                .qos(Qos.valueOf(qos))
                .payload(ByteBuffer.wrap(payload.clone()))
                .userProperty(UnwrittenSends.UNWRITTEN, "1")
                .build();
        // HiveMQ reports a QoS 0 message to an offline client as delivered, though it drops it
        if (qos == 0 && !connections.isConnected(clientId)) {
            return CompletableFuture.failedFuture(new ClientOfflineException(clientId));
        }
        unwritten.add(clientId);
        return services.publishing().publishToClient(publish, clientId)
                .thenCompose(result -> result == PublishToClientResult.SUCCESSFUL
                        ? CompletableFuture.<Void>completedFuture(null)
                        : subscribeExactlyAndRetry(clientId, publish))
                .whenComplete((sent, failure) -> {
                    if (failure != null) {
                        unwritten.remove(clientId);
                    }
                })
                .exceptionally(failure -> rethrow(clientId, failure));
    }

    /** Closes the connection once the messages sent to the client so far have been written to it. */
    CompletableFuture<Void> disconnect(String clientId) {
        CompletableFuture<Void> gone = connections.whenGone(clientId);
        return unwritten.empty(clientId)
                .completeOnTimeout(null, OUTBOX_DRAIN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                .thenComposeAsync(empty -> services.clients().disconnectClient(clientId), AFTER_LAST_WRITE)
                .thenCompose(wasConnected -> gone);
    }

    private CompletableFuture<Void> subscribeExactlyAndRetry(String clientId, Publish publish) {
        return services.subscriptions().addSubscription(clientId, subscription(publish.getTopic()))
                .thenCompose(subscribed -> services.publishing().publishToClient(publish, clientId))
                .thenAccept(result -> {
                    if (result != PublishToClientResult.SUCCESSFUL) {
                        throw new IllegalStateException("HiveMQ answered " + result + " for " + clientId
                                + " on " + publish.getTopic() + " right after subscribing it");
                    }
                });
    }

    /** QoS 1, so that the QoS the platform sends with is the QoS the client receives. */
    private static TopicSubscription subscription(String topicFilter) {
        return Builders.topicSubscription().topicFilter(topicFilter).qos(Qos.AT_LEAST_ONCE).build();
    }

    private static <T> T rethrow(String clientId, Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        throw cause instanceof NoSuchClientIdException
                ? new ClientOfflineException(clientId)
                : new CompletionException(cause);
    }
}
