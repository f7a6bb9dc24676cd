package io.alink.daemon;

import io.alink.daemon.connector.Connectors;
import io.alink.daemon.connector.Schedulers;
import io.alink.gateway.ConnectionException;
import io.alink.gateway.ConnectionListener;
import io.alink.gateway.GatewayClient;
import io.alink.gateway.GatewayConfig;
import io.alink.gateway.OutboxStats;
import io.alink.gateway.RequestTimeoutException;
import io.alink.gateway.UntrustedCertificateException;
import io.alink.http.ApiServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runnable gateway: one {@link GatewayClient} carrying the configuration file's sub-devices, with the southbound
 * API in front of it for their adapters.
 *
 * <p>The client reconnects, logs sub-devices in again and drains the outbox by itself; the daemon adds what an
 * application must decide: the first connection is retried while the platform is unreachable (but not when it
 * refuses the gateway), sub-devices are registered, added and logged in in bulk (again after a reconnection for those
 * that never made it), and stopping drains the outbox for a grace period and logs the sub-devices out.
 *
 * <p>The southbound API and the field connectors are up before the platform is reached: adapters can post and
 * connectors poll at once, their messages wait in the outbox.
 */
public final class GatewayDaemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayDaemon.class);
    /** Connection refused with "server unavailable": the platform is busy, not refusing this gateway. */
    private static final int CONNACK_SERVER_UNAVAILABLE = 3;
    private static final Duration DRAIN_POLL = Duration.ofMillis(50);
    /** What closing the client may take beyond the grace period: logging out 2,000 sub-devices, 50 a request. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final GatewayFile file;
    private final Path store;
    private final GatewayClient client;
    private final SubDevices devices;
    private final Commands commands;
    private final DaemonMetrics metrics;
    private final BringUp bringUp;
    private final Connectors connectors;
    private final PackBatcher packs;
    private final DaemonOta ota;
    /** Connecting and bringing up, one step at a time; never a network thread, since both wait for replies. */
    private final ScheduledExecutorService lifecycle = Schedulers.singleThread("alink-daemon-lifecycle");
    /** Command and long-poll timeouts. */
    private final ScheduledExecutorService timer = Schedulers.singleThread("alink-daemon-timer");
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private ApiServer southbound;

    private GatewayDaemon(GatewayFile file, Path store, Progress progress) {
        this.file = file;
        this.store = store;
        this.client = GatewayClient.create(clientConfig(file, store));
        this.devices = new SubDevices(file.subDevices());
        this.commands = new Commands(devices::isConfigured, file.southbound().commandTimeout(), timer);
        this.metrics = new DaemonMetrics(client, devices);
        this.bringUp = new BringUp(client, devices, new SubDeviceSecrets(store.resolve("sub-devices")), progress);
        this.packs = new PackBatcher(client::enqueuePack, timer);
        this.connectors = Connectors.create(file.connectors(), new ConnectorUplink(client, devices, packs,
                this::bringUpSoon), metrics.registry(), store);
        client.onServiceCall(connectors.routing(commands));
        new ConfigCommands(client.remoteConfig(), devices::isConfigured, commands).listen();
        // before any login: a sub-device's upgrade topic is subscribed at its login
        this.ota = new DaemonOta(client, devices, commands, file.ota(), connectors::servingConnector, store);
        client.addSubDeviceListener(devices);
        client.lifecycle().addListener(new CloudLifecycle(devices, this::bringUpSoon));
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void connected(boolean reconnect) {
                if (reconnect) {
                    // the client logs in again whom it had logged in; this is for those that never got that far
                    schedule(() -> bringUp(file.reconnect().minDelay()), Duration.ZERO);
                }
            }
        });
    }

    /**
     * Starts the southbound API, then connects and brings the sub-devices up in the background.
     *
     * @throws io.alink.gateway.InvalidRequestException when the file's settings do not make a valid client
     * @throws java.io.UncheckedIOException when the southbound API cannot listen
     */
    public static GatewayDaemon start(GatewayFile file, Path store, Progress progress) {
        GatewayDaemon daemon = new GatewayDaemon(file, store, progress);
        LOG.info("Starting; {}", held(daemon.client.outboxStats(), "sent once connected"));
        try {
            GatewayFile.Southbound api = file.southbound();
            daemon.southbound = new SouthboundApi(daemon.client, daemon.devices, daemon.commands, daemon.metrics,
                    daemon.connectors).serve(api.host(), api.port(), api.token());
        } catch (RuntimeException e) {
            daemon.stop(false);
            throw e;
        }
        daemon.connectors.start();
        daemon.lifecycle.execute(() -> daemon.connect(file.reconnect().minDelay()));
        return daemon;
    }

    private static GatewayConfig clientConfig(GatewayFile file, Path store) {
        GatewayConfig.Builder config = GatewayConfig.builder()
                .productKey(file.gateway().id().productKey())
                .deviceName(file.gateway().id().deviceName())
                .deviceSecret(file.gateway().deviceSecret())
                .productSecret(file.gateway().productSecret())
                .region(file.region())
                .keepAliveSeconds(file.keepAliveSeconds())
                .storeDir(store)
                .outbox(file.outbox())
                .historyAfter(file.historyAfter())
                .reconnectDelay(file.reconnect().minDelay(), file.reconnect().maxDelay());
        file.instance().applyTo(config);
        if (file.endpoint() != null) {
            config.endpoint(file.endpoint().host(), file.endpoint().port(), file.endpoint().tls());
        }
        if (file.caFile() != null) {
            config.caFile(file.caFile());
        }
        if (file.registerUrl() != null) {
            config.registrationUri(file.registerUrl());
        }
        return config.build();
    }

    public URI southboundUri() {
        return southbound.uri();
    }

    /**
     * Completes once connected and a first bring-up of the sub-devices ran (some may still be missing: see
     * {@code GET /v1/devices}); fails when the platform refuses the gateway, which retrying would not change.
     */
    public CompletableFuture<Void> ready() {
        return ready.copy();
    }

    private void connect(Duration delay) {
        client.connect().whenComplete((identity, error) -> {
            if (error == null) {
                schedule(() -> bringUp(file.reconnect().minDelay()), Duration.ZERO);
                return;
            }
            Throwable cause = unwrap(error);
            if (!isWorthRetrying(cause)) {
                LOG.error("Gateway {} cannot connect: {}", client.gatewayId(), cause.getMessage());
                ready.completeExceptionally(cause);
                return;
            }
            LOG.warn("Gateway {} cannot connect yet ({}); trying again in {} ms", client.gatewayId(),
                    cause.getMessage(), delay.toMillis());
            schedule(() -> connect(longer(delay)), delay);
        });
    }

    private void bringUpSoon() {
        schedule(() -> bringUp(file.reconnect().minDelay()), Duration.ZERO);
    }

    private void bringUp(Duration retryDelay) {
        if (closed.get()) {
            return;
        }
        try {
            bringUp.run();
            ota.informVersions();
            LOG.info("{} of {} sub-devices logged in", client.loggedIn().size(), devices.size());
        } catch (RuntimeException e) {
            if (client.isConnected()) {
                LOG.warn("Bringing up sub-devices stopped ({}); trying again in {} ms", e.getMessage(),
                        retryDelay.toMillis());
                schedule(() -> bringUp(longer(retryDelay)), retryDelay);
            } else {
                LOG.warn("Bringing up sub-devices stopped ({}); going on after reconnecting", e.getMessage());
            }
        } finally {
            ready.complete(null);
        }
    }

    /**
     * A refused CONNECT or registration will be refused again, and so will a certificate that failed verification
     * until caFile changes; an unreachable or busy platform may come back.
     */
    private static boolean isWorthRetrying(Throwable cause) {
        if (cause instanceof RequestTimeoutException) {
            return true;
        }
        return cause instanceof ConnectionException connection && !(cause instanceof UntrustedCertificateException)
                && connection.connackCode()
                .stream().allMatch(code -> code == CONNACK_SERVER_UNAVAILABLE);
    }

    private Duration longer(Duration delay) {
        Duration doubled = delay.multipliedBy(2);
        return doubled.compareTo(file.reconnect().maxDelay()) > 0 ? file.reconnect().maxDelay() : doubled;
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            lifecycle.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the daemon is stopping: nothing more to bring up
        }
    }

    /**
     * Stops: the southbound API closes, waiting commands are answered with an error, the outbox drains for up to
     * the grace period, the sub-devices are logged out and the connection closed. What is still journaled is sent
     * after the next start.
     */
    @Override
    public void close() {
        stop(true);
    }

    private void stop(boolean drain) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (southbound != null) {
            southbound.close();
        }
        connectors.close();
        // after the connectors, before the drain: the readings still gathered are journaled and go with the rest
        packs.close();
        commands.close();
        ota.close();
        lifecycle.shutdownNow();
        if (drain) {
            drain();
        }
        OutboxStats left = client.outboxStats();
        try {
            client.closeAsync().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("The connection did not close cleanly: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        metrics.close();
        if (left.queuedMessages() > 0) {
            LOG.warn("Stopped; {}", held(left, "sent after the next start"));
        } else {
            LOG.info("Stopped; {}", held(left, ""));
        }
    }

    /** What the outbox holds, for the operator's lines at start and stop; {@code when} says when it is sent. */
    private static String held(OutboxStats outbox, String when) {
        String deadLetters = outbox.deadLetters() == 0 ? "" : "; " + outbox.deadLetters() + " dead letters are kept";
        return outbox.queuedMessages() == 0 ? "the outbox is empty" + deadLetters
                : outbox.queuedMessages() + " messages (" + outbox.queuedBytes() + " bytes) wait in the outbox, "
                        + when + deadLetters;
    }

    private void drain() {
        LOG.info("Stopping; sending what the outbox holds for up to {} ms", file.shutdownGrace().toMillis());
        long deadline = System.nanoTime() + file.shutdownGrace().toNanos();
        try {
            // without a connection nothing drains: waiting would only delay the stop
            while (client.isConnected() && client.outboxStats().queuedMessages() > 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(DRAIN_POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
