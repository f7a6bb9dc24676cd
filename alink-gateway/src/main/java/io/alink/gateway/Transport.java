package io.alink.gateway;

import io.alink.protocol.MqttCredentials;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The MQTT connection, as small as the gateway needs it. Futures complete on transport threads; the
 * {@link Listener} is called on one thread at a time, in the order things happened.
 */
interface Transport {

    /** Connects; fails with a {@link ConnectionException} (carrying the CONNACK code when refused). */
    CompletableFuture<Void> connect(MqttCredentials credentials, int keepAliveSeconds);

    /**
     * Completes when sent (QoS 0) or acknowledged (QoS 1), on the transport's own thread. A new future per call,
     * the caller's own: the client's request timeout fails it in place ({@link Deadlines#expire}).
     */
    CompletableFuture<Void> publish(String topic, byte[] payload, int qos);

    /** One SUBSCRIBE for all filters; completes with whether each filter was granted, in order. */
    CompletableFuture<List<Boolean>> subscribe(List<String> filters, int qos);

    CompletableFuture<Void> unsubscribe(List<String> filters);

    /** Disconnects for good: no reconnection follows. */
    CompletableFuture<Void> disconnect();

    boolean isConnected();

    /** Makes a client's transport. */
    interface Factory {
        /** @param listenerThread runs every listener call; runs one task at a time, in order */
        Transport create(Listener listener, Executor listenerThread);
    }

    /** What the connection reports. */
    interface Listener {
        void message(String topic, byte[] payload, int qos);

        void connected(boolean reconnect);

        void disconnected(Throwable cause);
    }
}
