package io.alink.gateway;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.unsubscribe.Mqtt3Unsubscribe;
import io.alink.protocol.DeviceId;
import io.alink.protocol.MqttClientId;
import io.alink.protocol.MqttCredentials;
import io.reactivex.schedulers.Schedulers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Transport} on the HiveMQ MQTT client in MQTT 3.1.1 mode: clean session, no will, no retain.
 *
 * <p>Reconnection is decided here rather than by the client's automatic reconnect, because that one would also
 * retry a first CONNECT the platform refused: only a connection that was up is re-established, forever until
 * {@link #disconnect()}, after a {@link Backoff} delay. Nothing is re-subscribed or re-published automatically: a
 * sub-device's topics may be subscribed only once it is logged in again, and unacknowledged QoS 1 messages live in
 * the gateway's outbox, so the owner of this transport does both, in that order.
 */
final class HiveMqTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(HiveMqTransport.class);
    /** Reconnection attempts logged in full at the start of an outage; after them, one a minute. */
    private static final int RECONNECT_LINES = 5;

    private final Endpoint endpoint;
    private final Path caFile;
    private final Duration timeout;
    private final Backoff reconnect;
    private final DoubleSupplier random;
    private final Listener listener;
    private final Executor listenerThread;
    /** An outage longer than a few attempts goes on every maxDelay: an operator needs to see it, not each attempt. */
    private final LogThrottle reconnectLog = new LogThrottle(RECONNECT_LINES, Duration.ofMinutes(1), System::nanoTime);
    private final Takeovers takeovers = new Takeovers(System::nanoTime);
    /** QoS 1 messages sent on this connection and not acknowledged yet; a close that finds one is no takeover. */
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private volatile Mqtt3AsyncClient client;
    private volatile DeviceId identity;
    private volatile boolean everConnected;
    private volatile boolean closing;

    /**
     * @param reconnect      the delays before re-establishing a connection that was up and got lost; null for none
     * @param random         uniform in [0, 1), for the delays' jitter
     * @param listenerThread runs every listener call; must run one task at a time, in order
     */
    HiveMqTransport(Endpoint endpoint, Path caFile, Duration timeout, Backoff reconnect, DoubleSupplier random,
                    Listener listener, Executor listenerThread) {
        this.endpoint = endpoint;
        this.caFile = caFile;
        this.timeout = timeout;
        this.reconnect = reconnect;
        this.random = random;
        this.listener = listener;
        this.listenerThread = listenerThread;
    }

    @Override
    public CompletableFuture<Void> connect(MqttCredentials credentials, int keepAliveSeconds) {
        identity = identityOf(credentials);
        var transport = MqttClient.builder().useMqttVersion3()
                .identifier(credentials.clientId())
                .transportConfig()
                .serverHost(endpoint.host())
                .serverPort(endpoint.port())
                .socketConnectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (endpoint.tls()) {
            transport = transport.sslConfig(MqttClientSslConfig.builder()
                    .trustManagerFactory(Tls.trustManagers(caFile))
                    .handshakeTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .build());
        }
        // credentials on the client, not on the CONNECT: only then does a reconnection present them again
        Mqtt3AsyncClient created = transport.applyTransportConfig()
                // the client's futures complete on its own network thread rather than after a hop to RxJava's
                // computation threads (a scheduled task and a wake-up per message): what waits for them is internal
                // and never blocks, and the gateway hands every outcome to its callback executor itself
                .executorConfig().applicationScheduler(Schedulers.trampoline()).applyExecutorConfig()
                .simpleAuth()
                .username(credentials.username())
                .password(credentials.password().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .addConnectedListener(context -> onConnected())
                .addDisconnectedListener(this::onDisconnected)
                .buildAsync();
        listenToPublishes(created);
        client = created;
        return created.connectWith()
                .keepAlive(keepAliveSeconds)
                .cleanSession(true)
                .send()
                .handle((connAck, error) -> {
                    if (error != null) {
                        throw new CompletionException(connectFailure(unwrap(error), credentials));
                    }
                    return null;
                });
    }

    private void onConnected() {
        takeovers.connected();
        unacknowledged.set(0);
        boolean again = everConnected;
        everConnected = true;
        reconnectLog.reset();
        if (again) {
            // a clean session ends with its connection, and the client ends the publish flows with it
            listenToPublishes(client);
        }
        listenerThread.execute(() -> listener.connected(again));
    }

    private void listenToPublishes(Mqtt3AsyncClient mqtt) {
        mqtt.publishes(MqttGlobalPublishFilter.ALL, this::onPublish, listenerThread);
    }

    private void onDisconnected(MqttClientDisconnectedContext context) {
        if (!everConnected || closing || context.getSource() == MqttDisconnectSource.USER) {
            // a refused first CONNECT is the connect future's failure; a disconnect() is the caller's own doing
            return;
        }
        int attempts = context.getReconnector().getAttempts();
        // an accepted connection ended (attempts 0), rather than an attempt to reconnect failing
        boolean takenOver = attempts == 0 && reconnect != null && takeovers.closed(
                context.getSource() == MqttDisconnectSource.SERVER, unacknowledged.get() > 0);
        Throwable cause = context.getCause();
        if (reconnect != null) {
            long delay = takenOver ? reconnect.takeoverDelayMillis(random.getAsDouble())
                    : reconnect.delayMillis(attempts, random.getAsDouble());
            if (takenOver) {
                cause = new ConnectionTakenOverException(identity, takeovers.streak(), Duration.ofMillis(delay), cause);
            }
            long left = reconnectLog.admit();
            if (left != LogThrottle.SKIP) {
                log.info("Reconnecting to {}:{} in {} ms (attempt {}; {}){}", endpoint.host(), endpoint.port(), delay,
                        attempts + 1, reason(cause),
                        left > 0 ? "; " + left + " attempts since the last such line not logged" : "");
            }
            context.getReconnector().reconnect(true)
                    .resubscribeIfSessionExpired(false)
                    .republishIfSessionExpired(false)
                    .delay(delay, TimeUnit.MILLISECONDS);
        }
        if (attempts == 0) {
            // reported once per lost connection, not once per failed reconnection attempt
            Throwable reported = cause;
            listenerThread.execute(() -> listener.disconnected(reported));
        }
    }

    /** Why the connection, or the last attempt to get it back, failed: the message alone, as an operator reads it. */
    private static String reason(Throwable cause) {
        if (cause == null) {
            return "no reason given";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    private void onPublish(Mqtt3Publish publish) {
        listener.message(publish.getTopic().toString(), publish.getPayloadAsBytes(), publish.getQos().getCode());
    }

    private ConnectionException connectFailure(Throwable error, MqttCredentials credentials) {
        String where = endpoint.host() + ":" + endpoint.port() + (endpoint.tls() ? " (TLS)" : "");
        if (error instanceof Mqtt3ConnAckException refused) {
            int code = refused.getMqttMessage().getReturnCode().getCode();
            boolean registration = MqttClientId.parse(credentials.clientId()).option(MqttClientId.AUTH_TYPE)
                    .isPresent();
            return new ConnectionException(where + " refused the connection: "
                    + ConnackCodes.explain(code, identity, registration), code);
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof Tls.UntrustedCertificate untrusted) {
                return new UntrustedCertificateException(where, untrusted.subject(), untrusted.issuer(),
                        untrusted.getMessage(), error);
            }
        }
        return new ConnectionException("cannot connect " + identity + " to " + where + ": " + error.getMessage(),
                error);
    }

    /** The device a CONNECT is for, from its user name ({@code deviceName&productKey}). */
    private static DeviceId identityOf(MqttCredentials credentials) {
        return MqttCredentials.parseUsername(credentials.username()).orElseThrow(
                () -> new IllegalArgumentException("not an Alink user name: " + credentials.username()));
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos) {
        Mqtt3AsyncClient mqtt = connected();
        if (qos > 0) {
            unacknowledged.incrementAndGet();
        }
        return mqtt.publishWith().topic(topic).payload(payload).qos(mqttQos(qos)).send()
                .handle((sent, error) -> {
                    if (error != null) {
                        // still counted: a close that failed it found it unacknowledged; the next connection resets
                        throw new CompletionException(transportFailure("publish to " + topic, unwrap(error)));
                    }
                    if (qos > 0) {
                        unacknowledged.updateAndGet(count -> Math.max(0, count - 1));
                    }
                    return null;
                });
    }

    @Override
    public CompletableFuture<List<Boolean>> subscribe(List<String> filters, int qos) {
        Mqtt3Subscribe subscribe = Mqtt3Subscribe.builder()
                .addSubscriptions(filters.stream().map(f -> Mqtt3Subscription.builder()
                        .topicFilter(f).qos(mqttQos(qos)).build()))
                .build();
        return connected().subscribe(subscribe).handle((subAck, error) -> {
            if (error != null) {
                throw new CompletionException(transportFailure("subscribe " + filters, unwrap(error)));
            }
            return subAck.getReturnCodes().stream().map(code -> code != Mqtt3SubAckReturnCode.FAILURE).toList();
        });
    }

    @Override
    public CompletableFuture<Void> unsubscribe(List<String> filters) {
        Mqtt3Unsubscribe unsubscribe = Mqtt3Unsubscribe.builder()
                .addTopicFilters(filters.stream().map(MqttTopicFilter::of))
                .build();
        return connected().unsubscribe(unsubscribe).handle((done, error) -> {
            if (error != null) {
                throw new CompletionException(transportFailure("unsubscribe " + filters, unwrap(error)));
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        closing = true;
        Mqtt3AsyncClient current = client;
        if (current == null || !current.getState().isConnectedOrReconnect()) {
            return CompletableFuture.completedFuture(null);
        }
        return current.disconnect().handle((done, error) -> {
            if (error != null) {
                log.debug("Disconnect of an already broken connection: {}", error.toString());
            }
            return null;
        });
    }

    @Override
    public boolean isConnected() {
        Mqtt3AsyncClient current = client;
        return current != null && current.getState().isConnected();
    }

    private Mqtt3AsyncClient connected() {
        Mqtt3AsyncClient current = client;
        if (current == null || closing) {
            throw new ConnectionException("not connected", null);
        }
        return current;
    }

    private static ConnectionException transportFailure(String what, Throwable error) {
        return error instanceof ConnectionException known ? known
                : new ConnectionException("cannot " + what + ": " + error.getMessage(), error);
    }

    private static MqttQos mqttQos(int qos) {
        return qos == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
