package io.alink.gateway;

import io.alink.protocol.DeviceId;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What losing and regaining the connection mean for the client, on the inbound thread.
 *
 * <p>Lost: the platform ends every sub-device session with the gateway's connection, so all count as offline; the
 * outbox stops; what waits for a reply fails at once rather than at its timeout; the listeners hear it.
 *
 * <p>Regained, in this order: the gateway's system topics and its own subscriptions; then every sub-device that was
 * logged in, batch by batch, each batch's subscriptions after its login; only then the outbox, so that a
 * sub-device's backlog is not passed over for want of a session. A connection lost in between makes the next
 * reconnection start over: the outbox resumes only for the connection that is still up.
 */
final class Reconnection implements InboundRouter.ConnectionHandler {

    private static final Logger log = LoggerFactory.getLogger(Reconnection.class);

    private final GatewayConfig config;
    private final DeviceId gateway;
    private final SubDeviceSessions sessions;
    private final Requests requests;
    private final NtpClock ntp;
    private final Subscriptions subscriptions;
    private final SubDeviceLogins logins;
    private final GatewayOutbox outbox;
    private final ConnectionListener listeners;
    private final Executor inbound;
    private final AtomicLong reconnects = new AtomicLong();
    /** Moves on with every lost connection, so that the end of a restore can tell it is out of date. */
    private final AtomicLong epoch = new AtomicLong();
    private volatile boolean stopped;

    Reconnection(GatewayConfig config, SubDeviceSessions sessions, Requests requests, NtpClock ntp,
                 Subscriptions subscriptions, SubDeviceLogins logins, GatewayOutbox outbox,
                 ConnectionListener listeners, Executor inbound) {
        this.config = config;
        this.gateway = config.gateway();
        this.sessions = sessions;
        this.requests = requests;
        this.ntp = ntp;
        this.subscriptions = subscriptions;
        this.logins = logins;
        this.outbox = outbox;
        this.listeners = listeners;
        this.inbound = inbound;
    }

    /** Automatic reconnections so far. */
    long reconnects() {
        return reconnects.get();
    }

    /** The first connection is complete (identity stored, system topics subscribed): told, and the outbox goes. */
    void firstConnection() {
        listeners.connected(false);
        resumeOutbox(epoch.get());
    }

    /** The client is closing: a reconnection that still arrives restores nothing. */
    void stop() {
        stopped = true;
    }

    @Override
    public void connected(boolean reconnect) {
        // the first connection is announced by connect() once it is complete
        if (reconnect) {
            reconnects.incrementAndGet();
            log.info("Gateway {} reconnected to {}", gateway, config.endpoint());
            listeners.connected(true);
            restore(epoch.get());
        }
    }

    @Override
    public void disconnected(Throwable cause) {
        // the library's own causes are sentences (a takeover names what to do); the MQTT client's need their type
        log.warn("Gateway {} lost its connection: {}", gateway, cause == null ? "unknown cause"
                : cause instanceof GatewayException known ? known.getMessage() : cause.toString());
        epoch.incrementAndGet();
        sessions.allOffline();
        outbox.connectionLost();
        ConnectionException lost = new ConnectionException("the connection was lost", cause);
        requests.failAll(lost);
        ntp.failAll(lost);
        listeners.disconnected(cause);
    }

    private void restore(long restoring) {
        if (stopped) {
            return;
        }
        subscriptions.subscribeSystemTopics()
                .thenCompose(subscribed -> subscriptions.restore(List.of(gateway)))
                .thenCompose(subscribed -> logins.loginOffline())
                // on the inbound thread, so that it cannot overtake the report of a connection lost meanwhile
                .whenCompleteAsync((done, error) -> resumeOutbox(restoring), inbound);
    }

    private void resumeOutbox(long restored) {
        if (epoch.get() == restored && !stopped) {
            outbox.resume();
        }
    }
}
