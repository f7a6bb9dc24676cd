package io.alink.emulator.broker;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.client.parameter.Listener;
import com.hivemq.extension.sdk.api.client.parameter.ListenerType;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT side of the platform: HiveMQ CE, embedded, with {@link BrokerHooks} deciding every connect, subscribe
 * and publish. Everything HiveMQ keeps (sessions, queued messages) lives in memory and dies with {@link #close()}.
 *
 * <p>HiveMQ shares some state JVM-wide (its extension services, its internal settings): run one broker per JVM at
 * a time.
 */
public final class EmbeddedBroker implements BrokerDownlink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
    /**
     * How long HiveMQ's in-memory persistence still takes writes once its shutdown began; HiveMQ's 2 s default made
     * every stop 2 s longer. By then every connection is closed and the extension stopped: nothing writes any more.
     */
    private static final int PERSISTENCE_SHUTDOWN_GRACE_MS = 100;
    /** A stop before exit waits this long at most for HiveMQ to close the connections. */
    private static final Duration CONNECTIONS_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** The stop a {@link #closeBeforeExit()} left running. */
    private static volatile CompletableFuture<Void> previousStop = CompletableFuture.completedFuture(null);

    private final EmbeddedHiveMQ hivemq;
    private final BrokerHome home;
    private final int port;
    private final OptionalInt tlsPort;
    private final Connections connections;
    private final ClientDelivery delivery;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, BrokerHome home, int port, OptionalInt tlsPort,
                           Connections connections, ClientDelivery delivery) {
        this.hivemq = hivemq;
        this.home = home;
        this.port = port;
        this.tlsPort = tlsPort;
        this.connections = connections;
        this.delivery = delivery;
    }

    /** Starts HiveMQ CE embedded on {@link BrokerSettings#host()}. Blocks until it listens. */
    public static EmbeddedBroker start(BrokerSettings settings, BrokerHooks hooks) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(hooks, "hooks");
        awaitPreviousStop();
        StartChecks.check(settings);
        HiveMqLogging.quietUnlessConfigured();
        // read by HiveMQ when it builds its persistence, so set before every start
        InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.set(PERSISTENCE_SHUTDOWN_GRACE_MS);
        BrokerHome home = BrokerHome.create(settings);
        UnwrittenSends unwritten = new UnwrittenSends();
        Connections connections = new Connections(hooks, unwritten);
        PlatformExtension extension = new PlatformExtension(hooks, connections);
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.conf())
                .withDataFolder(home.data())
                .withExtensionsFolder(home.extensions())
                .withEmbeddedExtension(EmbeddedExtension.builder()
                        .withId("alink-platform")
                        .withName("Alink platform")
                        .withVersion("1")
                        .withAuthor("alink")
                        .withExtensionMain(extension)
                        .build())
                // HiveMQ's logging bootstrap would replace the application's logback configuration
                .withoutLoggingBootstrap()
                .build();
        try {
            startBlocking(hivemq);
            HiveMqServices services = extension.services();
            int port = boundPort(services, ListenerType.TCP_LISTENER);
            OptionalInt tlsPort = settings.hasTls()
                    ? OptionalInt.of(boundPort(services, ListenerType.TLS_TCP_LISTENER))
                    : OptionalInt.empty();
            log.debug("Broker listening on {} port {}, TLS port {}", settings.host(), port, tlsPort);
            return new EmbeddedBroker(hivemq, home, port, tlsPort, connections,
                    new ClientDelivery(services, connections, unwritten));
        } catch (RuntimeException e) {
            stop(hivemq);
            home.delete();
            throw e;
        }
    }

    /** The plain TCP port. */
    public int port() {
        return port;
    }

    /** The TLS port, if a TLS listener was configured. */
    public OptionalInt tlsPort() {
        return tlsPort;
    }

    /**
     * Subscribes a client without it sending SUBSCRIBE (the platform's "auto subscribe"): once the returned future
     * completes, {@link #send} to topics matching these filters reaches the client, and so do device messages
     * routed to them. Filters use whole-level wildcards only ({@code /sys/pk/dn/thing/#}); others throw
     * IllegalArgumentException. The client must have a session (be connected, or have connected with a persistent
     * session), else the future fails with {@link ClientOfflineException}.
     *
     * <p>A clean session loses these on reconnect; add them again on {@link BrokerHooks#onConnected}.
     */
    @Override
    public CompletableFuture<Void> addServerSubscriptions(String clientId, Collection<String> topicFilters) {
        requireOpen();
        return delivery.subscribe(clientId, topicFilters);
    }

    @Override
    public CompletableFuture<Void> removeServerSubscriptions(String clientId, Collection<String> topicFilters) {
        requireOpen();
        return delivery.unsubscribe(clientId, topicFilters);
    }

    /**
     * Delivers one message to exactly this client, not to other subscribers of the topic. Completes when HiveMQ
     * has queued it for the client. If no subscription of the client matches the topic, the client is first
     * subscribed to exactly this topic. Fails with {@link ClientOfflineException} if the client is offline and a
     * QoS 0 message would be lost, or if it has no session to keep a QoS 1 message in.
     *
     * @param qos 0 or 1; the client receives at most the QoS of its matching subscription
     * @throws IllegalArgumentException for another QoS, or a topic that is not a valid topic name
     */
    @Override
    public CompletableFuture<Void> send(String clientId, String topic, byte[] payload, int qos) {
        requireOpen();
        return delivery.send(clientId, topic, payload, qos);
    }

    /**
     * Closes the connection of a client (device takeover; dynamic registration closing after pushing the secret).
     * Messages {@link #send sent} to the client before are written to the connection first; this waits at most
     * two seconds for them (a QoS 1 message beyond the client's in-flight window waits for the client's PUBACKs).
     * Completes once the connection is gone and {@link BrokerHooks#onDisconnected} has returned, or soon if the
     * client is not connected. Do not wait for it inside a hook: that thread may be the one to run
     * {@code onDisconnected}.
     */
    @Override
    public CompletableFuture<Void> disconnect(String clientId) {
        requireOpen();
        return delivery.disconnect(clientId);
    }

    /** Between its accepted CONNACK and the end of its connection. */
    public boolean isConnected(String clientId) {
        return connections.isConnected(clientId);
    }

    /**
     * Stops HiveMQ, closing every connection, and deletes its folders. Takes about two seconds: HiveMQ's event loops
     * idle for 2 s before they end (Netty's quiet period, a constant in HiveMQ's NettyShutdownHook).
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stop(hivemq);
            home.delete();
        }
    }

    /**
     * {@link #close()} for a process that ends next: returns once HiveMQ has closed its listeners and the client
     * connections, without waiting out the 2 s its event loops then idle; their threads end with the process. Should
     * the process go on after all, the next {@link #start} waits for this stop to end.
     */
    public void closeBeforeExit() {
        if (closed.compareAndSet(false, true)) {
            // the connections of now: HiveMQ closes its listeners first, so no other one comes
            CompletableFuture<Void> connectionsClosed = connections.allGone();
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            Thread stopper = new Thread(() -> {
                stop(hivemq);
                stopped.complete(null);
            }, "alink-broker-stop");
            stopper.setDaemon(true);
            stopper.start();
            previousStop = stopped;
            try {
                CompletableFuture.anyOf(connectionsClosed, stopped)
                        .get(CONNECTIONS_CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("HiveMQ did not close the connections in time: {}", e.toString());
            }
            home.delete();
        }
    }

    /** Two HiveMQs in one JVM would share its JVM-wide state: a start waits for a stop still under way. */
    private static void awaitPreviousStop() {
        try {
            previousStop.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the previous broker to stop", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the previous broker did not stop: " + e, e);
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the broker is closed");
        }
    }

    /** HiveMQ puts the port it actually bound (port 0 = any free one) into its listener list. */
    private static int boundPort(HiveMqServices services, ListenerType type) {
        return services.admin().getServerInformation().getListener().stream()
                .filter(listener -> listener.getListenerType() == type)
                .mapToInt(Listener::getPort)
                .filter(bound -> bound > 0)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("HiveMQ opened no " + type));
    }

    private static void startBlocking(EmbeddedHiveMQ hivemq) {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        try {
            hivemq.start().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting HiveMQ", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("HiveMQ failed to start: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("HiveMQ did not start within " + START_TIMEOUT, e);
        } finally {
            // HiveMQ installs a JVM-wide handler that calls System.exit on its fatal errors; this JVM is not HiveMQ's
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    private static void stop(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while stopping HiveMQ");
        } catch (ExecutionException e) {
            log.warn("HiveMQ failed to stop cleanly", e.getCause());
        }
    }
}
