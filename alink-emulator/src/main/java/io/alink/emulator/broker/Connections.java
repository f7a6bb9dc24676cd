package io.alink.emulator.broker;

import com.hivemq.extension.sdk.api.client.ClientContext;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ClientInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionLostInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connected clients, and the connect/disconnect calls to {@link BrokerHooks}.
 *
 * <p>A client counts as connected from its client initializer on, not from its successful authentication: HiveMQ
 * runs the initializer as it writes the accepted CONNACK, once it has created (or, for a clean session, emptied) the
 * session, so subscriptions the platform adds in {@link BrokerHooks#onConnected} stay. (A CONNACK interceptor would
 * see the same moment, at the price of one more hand-off to the extension executor per CONNECT.) Each connection
 * carries its own id, so the late disconnect event of a connection that was taken over cannot mark its successor as
 * gone.
 */
final class Connections implements ClientLifecycleEventListener {

    private static final Logger log = LoggerFactory.getLogger(Connections.class);
    private static final String CONNECTION_ID = "io.alink.connection-id";

    private final BrokerHooks hooks;
    private final UnwrittenSends unwritten;
    private final ConcurrentHashMap<String, Connection> current = new ConcurrentHashMap<>();
    private final AtomicLong connectionIds = new AtomicLong();

    private record Connection(long id, CompletableFuture<Void> gone) {
    }

    Connections(BrokerHooks hooks, UnwrittenSends unwritten) {
        this.hooks = hooks;
        this.unwritten = unwritten;
    }

    boolean isConnected(String clientId) {
        return current.containsKey(clientId);
    }

    /** Completes once every connection open now is gone and the platform was told. */
    CompletableFuture<Void> allGone() {
        return CompletableFuture.allOf(current.values().stream().map(Connection::gone)
                .toArray(CompletableFuture[]::new));
    }

    /** Completes once the current connection of {@code clientId} is gone and the platform was told. */
    CompletableFuture<Void> whenGone(String clientId) {
        Connection connection = current.get(clientId);
        return connection == null ? CompletableFuture.completedFuture(null) : connection.gone();
    }

    /**
     * HiveMQ initializes the client of an accepted connection, just before its CONNACK: the connection is up.
     * Runs on HiveMQ's extension executor, which the CONNACK waits for.
     */
    void initialized(String clientId, ConnectionAttributeStore attributes, ClientContext client) {
        Connection connection = new Connection(connectionIds.incrementAndGet(), new CompletableFuture<>());
        attributes.put(CONNECTION_ID, ByteBuffer.allocate(Long.BYTES).putLong(0, connection.id()));
        unwritten.initialized(clientId, connection.id(), client);
        Connection takenOver = current.put(clientId, connection);
        if (takenOver != null) {
            reportGone(clientId, takenOver, "taken over by a new connection with the same clientId");
        }
        try {
            hooks.onConnected(clientId);
        } catch (RuntimeException e) {
            log.warn("Platform failed to handle the connect of {}", clientId, e);
        }
    }

    @Override
    public void onClientInitiatedDisconnect(ClientInitiatedDisconnectInput input) {
        gone(input, "the device sent DISCONNECT");
    }

    @Override
    public void onConnectionLost(ConnectionLostInput input) {
        gone(input, "connection lost: network closed or keepalive timed out");
    }

    @Override
    public void onServerInitiatedDisconnect(ServerInitiatedDisconnectInput input) {
        gone(input, "closed by the platform");
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        gone(input, "disconnected");
    }

    private void gone(DisconnectEventInput input, String reason) {
        String clientId = input.getClientInformation().getClientId();
        Optional<Long> id = connectionId(input.getConnectionInformation().getConnectionAttributeStore());
        if (id.isEmpty()) {
            // refused or lost before its CONNACK: the platform never saw it connected
            return;
        }
        unwritten.closed(clientId, id.get());
        Connection connection = current.get(clientId);
        if (connection != null && connection.id() == id.get() && current.remove(clientId, connection)) {
            reportGone(clientId, connection, reason);
        }
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {
        // a client is not connected before its CONNACK
    }

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        // a client is not connected before its CONNACK
    }

    private void reportGone(String clientId, Connection connection, String reason) {
        unwritten.forget(clientId);
        try {
            hooks.onDisconnected(clientId, reason);
        } catch (RuntimeException e) {
            log.warn("Platform failed to handle the disconnect of {}", clientId, e);
        } finally {
            connection.gone().complete(null);
        }
    }

    private static Optional<Long> connectionId(ConnectionAttributeStore attributes) {
        return attributes.get(CONNECTION_ID).map(buffer -> buffer.getLong(0));
    }
}
