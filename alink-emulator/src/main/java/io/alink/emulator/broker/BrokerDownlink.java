package io.alink.emulator.broker;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * What the platform asks of the broker, the other way from {@link BrokerHooks}: reach one client, subscribe it on
 * the server side, close it. {@link EmbeddedBroker} does it over MQTT; the platform's fuzz target records it.
 */
public interface BrokerDownlink {

    /** See {@link EmbeddedBroker#addServerSubscriptions}. */
    CompletableFuture<Void> addServerSubscriptions(String clientId, Collection<String> topicFilters);

    CompletableFuture<Void> removeServerSubscriptions(String clientId, Collection<String> topicFilters);

    /** See {@link EmbeddedBroker#send}. */
    CompletableFuture<Void> send(String clientId, String topic, byte[] payload, int qos);

    /** See {@link EmbeddedBroker#disconnect}. */
    CompletableFuture<Void> disconnect(String clientId);
}
