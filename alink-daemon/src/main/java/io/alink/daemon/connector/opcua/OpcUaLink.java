package io.alink.daemon.connector.opcua;

import io.alink.daemon.connector.Fault;
import io.alink.daemon.connector.RetryDelay;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's session with its server, kept up on the connector's thread. Until a first session is made, each
 * check is a connection attempt (discovery, connect, subscribe); after that Milo reconnects by itself (a new secure
 * channel, the session reactivated or made anew, the subscription transferred) and a check only looks whether the
 * session is back. A check that finds no session is a failure of every device: the checks come at the
 * {@link RetryDelay} from a second up to maxRetryDelayMs, and
 * maxFailedChecks of them in a row log the sub-devices out until the session is back.
 */
final class OpcUaLink implements SessionActivityListener {

    private static final Logger LOG = LoggerFactory.getLogger(OpcUaLink.class);
    static final String CERTIFICATE_FOLDER = "opcua";

    private final OpcUaConnectorConfig config;
    private final ScheduledExecutorService scheduler;
    private final List<OpcUaDevice> devices;
    private final DataTypes types;
    private final Monitoring monitoring;
    private final Path store;
    private final RetryDelay retry;
    private volatile OpcUaClient client;
    private volatile boolean sessionActive;
    private volatile boolean up;
    private volatile boolean closed;
    /** Whether a first session was made: from then on Milo reconnects by itself. Connector thread only. */
    private boolean connected;
    private int failures;
    private ScheduledFuture<?> nextCheck;
    private ApplicationCertificate certificate;

    /** @param store the daemon's store folder, for the application certificate; may be null without security */
    OpcUaLink(OpcUaConnectorConfig config, ScheduledExecutorService scheduler, List<OpcUaDevice> devices,
              DataTypes types, Path store) {
        this.config = config;
        this.scheduler = scheduler;
        this.devices = List.copyOf(devices);
        this.types = types;
        this.store = store;
        this.monitoring = new Monitoring(devices, this::lost);
        this.retry = new RetryDelay(OpcUaConnectorConfig.FIRST_RETRY_DELAY,
                config.maxRetryDelay().compareTo(OpcUaConnectorConfig.FIRST_RETRY_DELAY) < 0
                        ? OpcUaConnectorConfig.FIRST_RETRY_DELAY : config.maxRetryDelay());
    }

    void start() {
        if (config.security().trustAll()) {
            LOG.warn("Connector {} trusts any server certificate (trustAll: true): whoever answers at {} is"
                    + " believed to be the server", config.name(), config.endpoint());
        }
        execute(this::check);
    }

    /** The client while the session is up; null when there is none, and requests would only wait. */
    OpcUaClient client() {
        return up ? client : null;
    }

    private void check() {
        nextCheck = null;
        if (closed) {
            return;
        }
        try {
            if (!connected) {
                connect();
            } else if (!sessionActive) {
                throw new UaException(StatusCodes.Bad_NotConnected, "no session with " + config.endpoint()
                        + "; reconnecting");
            }
            monitoring.ensure(client);
            up();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            down(OpcUaError.of(e));
        }
    }

    private void connect() throws Exception {
        if (client == null) {
            OpcUaClient created = OpcUaClients.create(config, certificate(), new ServerTrust(config.security(),
                    store == null ? null : store.resolve(CERTIFICATE_FOLDER).resolve("rejected")));
            created.addSessionActivityListener(this);
            client = created;
        }
        try {
            client.connectAsync().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            connected = true;
            sessionActive = true;
        } catch (Exception e) {
            // discovered again at the next attempt: the server may come back with other endpoints
            OpcUaClient failed = client;
            client = null;
            failed.disconnectAsync();
            throw e;
        }
    }

    /** The application certificate, read (or created) at the first connection attempt that needs it. */
    private ApplicationCertificate certificate() throws IOException {
        if (!config.security().isSecured() || certificate != null) {
            return certificate;
        }
        if (store == null) {
            throw new IOException("no store folder for the application certificate");
        }
        Path dir = store.resolve(CERTIFICATE_FOLDER);
        certificate = ApplicationCertificate.loadOrCreate(dir, "alink gateway",
                OpcUaClients.PRODUCT_URI + ":" + UUID.randomUUID());
        LOG.info("Connector {} presents the application certificate {} (URI {}); the server must trust it",
                config.name(), dir.resolve(ApplicationCertificate.CERTIFICATE_FILE), certificate.applicationUri());
        return certificate;
    }

    private void up() {
        if (!up) {
            LOG.info("Connector {}: session with {} up", config.name(), config.endpoint());
        }
        up = true;
        failures = 0;
        devices.forEach(OpcUaDevice::linkUp);
    }

    private void down(OpcUaError error) {
        if (up || failures == 0) {
            LOG.warn("Connector {}: no session with {}: {}", config.name(), config.endpoint(), error.message());
        }
        up = false;
        failures++;
        devices.forEach(device -> device.linkDown(error));
        if (nextCheck == null && !closed) {
            try {
                nextCheck = scheduler.schedule(this::check, retry.millis(failures,
                        ThreadLocalRandom.current().nextDouble()), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // the connector is closing
            }
        }
    }

    @Override
    public void onSessionActive(UaSession session) {
        sessionActive = true;
        execute(() -> {
            // a new session may be a restarted server, with other types and methods than before
            types.clear();
            devices.forEach(OpcUaDevice::newSession);
            if (connected) {
                check();
            }
        });
    }

    @Override
    public void onSessionInactive(UaSession session) {
        sessionActive = false;
        execute(() -> {
            if (up) {
                down(new OpcUaError(Fault.LINK, "no link: the session with " + config.endpoint()
                        + " is lost; reconnecting", StatusCodes.Bad_NotConnected));
            }
        });
    }

    /** The server no longer has the subscription: it restarted. Made anew once the session is back. */
    private void lost(OpcUaSubscription subscription) {
        execute(() -> {
            if (monitoring.discard(subscription)) {
                LOG.info("Connector {}: the server lost the subscription; making it anew", config.name());
                if (sessionActive && connected) {
                    check();
                }
            }
        });
    }

    private void execute(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException stopping) {
            // the connector is closing
        }
    }

    /** Ends the session (the server deletes its subscription with it); waits at most the timeout. */
    void close() {
        closed = true;
        OpcUaClient current = client;
        if (current == null) {
            return;
        }
        try {
            // closing the session deletes its subscription on the server
            current.disconnectAsync().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("Closing the session with {}: {}", config.endpoint(), e.toString());
        }
    }
}
