package io.alink.simulator;

import io.alink.daemon.connector.Schedulers;
import io.alink.daemon.connector.opcua.ApplicationCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated OPC UA server (Milo's server side) on 127.0.0.1 only, serving the {@link CellNamespace} (and, for load,
 * a {@link GeneratedNamespace} when asked for): endpoints with no security and with Basic256Sha256 (Sign, and
 * SignAndEncrypt) under its own self-signed certificate. It accepts every client certificate and anonymous clients:
 * it is a test device, not a guarded one. For {@code ./alink simulate opcua}, the tests, the demo and the benchmark.
 */
public final class OpcUaSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpcUaSimulator.class);
    public static final String PATH = "/sim";
    private static final String HOST = "127.0.0.1";
    private static final String APPLICATION_URI = "urn:io.alink:simulator";
    private static final long STOP_TIMEOUT_MS = 10_000;

    private final OpcUaServer server;
    private final CellNamespace cell;
    /** Null when the settings ask for no generated variables. */
    private final GeneratedNamespace generated;
    private final ApplicationCertificate certificate;
    private final ScheduledExecutorService ticker = Schedulers.singleThread("alink-opcua-simulator-tick");
    private final int port;

    private OpcUaSimulator(Settings settings, ApplicationCertificate certificate, int port) {
        this.certificate = certificate;
        this.port = port;
        this.server = new OpcUaServer(serverConfig(certificate, port), profile ->
                new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
        this.cell = new CellNamespace(server);
        cell.startup();
        this.generated = settings.generated() == 0 ? null : new GeneratedNamespace(server, settings.generated());
        if (generated != null) {
            generated.startup();
        }
        long started = System.nanoTime();
        AtomicLong ticks = new AtomicLong();
        long tickMillis = settings.tick().toMillis();
        ticker.scheduleAtFixedRate(() -> {
            long tick = ticks.incrementAndGet();
            cell.tick(tick, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            if (generated != null) {
                generated.tick(tick);
            }
        }, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        if (!settings.eventEvery().isZero()) {
            AtomicLong events = new AtomicLong();
            ticker.scheduleAtFixedRate(() -> cell.fireEvent("Cell7 alarm " + events.incrementAndGet(), 500),
                    settings.eventEvery().toMillis(), settings.eventEvery().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Serves on 127.0.0.1:{@code settings.port()} (0 picks a free port).
     *
     * @throws IllegalStateException when it cannot serve (the port is taken, the certificate cannot be read)
     */
    public static OpcUaSimulator start(Settings settings) {
        ApplicationCertificate certificate = certificate(settings.certificateDir());
        for (int attempt = 1; ; attempt++) {
            int port = settings.port() == 0 ? LoopbackPorts.free() : settings.port();
            OpcUaSimulator simulator = new OpcUaSimulator(settings, certificate, port);
            try {
                simulator.server.startup().get(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                LOG.info("Simulating an OPC UA server at {}", simulator.endpoint());
                return simulator;
            } catch (ExecutionException | TimeoutException e) {
                simulator.close();
                if (settings.port() != 0 || attempt == LoopbackPorts.BIND_ATTEMPTS) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    throw new IllegalStateException("cannot serve " + simulator.endpoint() + ": "
                            + cause.getMessage(), cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                simulator.close();
                throw new IllegalStateException("interrupted while starting", e);
            }
        }
    }

    private static ApplicationCertificate certificate(Path dir) {
        String name = "alink OPC UA simulator";
        if (dir == null) {
            return ApplicationCertificate.create(name, APPLICATION_URI);
        }
        try {
            return ApplicationCertificate.loadOrCreate(dir, name, APPLICATION_URI);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OpcUaServerConfig serverConfig(ApplicationCertificate certificate, int port) {
        MemoryTrustListManager trustList = new MemoryTrustListManager();
        DefaultApplicationGroup group;
        try {
            group = DefaultApplicationGroup.createAndInitialize(trustList, new MemoryCertificateStore(),
                    new RsaSha256CertificateFactory() {
                        @Override
                        protected KeyPair createRsaSha256KeyPair() {
                            return certificate.keyPair();
                        }

                        @Override
                        protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) {
                            return new X509Certificate[] {certificate.certificate()};
                        }
                    },
                    // every client is let in: a simulator checks no one
                    (chain, applicationUri, hostnames) -> { });
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the simulator's certificate: " + e.getMessage(), e);
        }
        return OpcUaServerConfig.builder()
                .setApplicationUri(certificate.applicationUri())
                .setApplicationName(LocalizedText.english("alink OPC UA simulator"))
                .setProductUri(APPLICATION_URI)
                .setEndpoints(endpoints(certificate.certificate(), port))
                .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine(), group))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                .build();
    }

    private static Set<EndpointConfig> endpoints(X509Certificate certificate, int port) {
        EndpointConfig.Builder base = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress(HOST)
                .setBindPort(port)
                .setHostname(HOST)
                .setPath(PATH)
                .setCertificate(certificate)
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None)
                .build());
        for (MessageSecurityMode mode : new MessageSecurityMode[] {MessageSecurityMode.Sign,
                MessageSecurityMode.SignAndEncrypt}) {
            endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.Basic256Sha256).setSecurityMode(mode).build());
        }
        return endpoints;
    }

    /** {@code opc.tcp://127.0.0.1:<port>/sim}. */
    public String endpoint() {
        return "opc.tcp://" + HOST + ":" + port + PATH;
    }

    public int port() {
        return port;
    }

    /** The certificate the server presents: what a client's trust list needs for Basic256Sha256. */
    public X509Certificate certificate() {
        return certificate.certificate();
    }

    /** What it serves, a line per node: id, type, and whether it changes, takes writes or is a method. */
    public List<String> describe() {
        List<String> described = new ArrayList<>(cell.describe());
        if (generated != null) {
            described.add(generated.describe());
        }
        return described;
    }

    /**
     * The id of generated variable {@code index} ({@code ns=3;s=Generated.V17}).
     *
     * @throws IndexOutOfBoundsException beyond the variables the settings asked for
     */
    public NodeId generatedNode(int index) {
        if (generated == null) {
            throw new IndexOutOfBoundsException("this simulator has no generated variables");
        }
        return generated.node(index);
    }

    /** Monitored items (data and event) the server holds for all its clients. */
    public long monitoredItems() {
        return server.getMonitoredItemCount().get();
    }

    /** A variable of the cell by its name ({@code Setpoint}), as Milo's Java types hold it. */
    public Object value(String variable) {
        return cell.value(variable);
    }

    /** Sets a variable of the cell, stamped with the current time, as a sensor update would. */
    public void set(String variable, Object value) {
        cell.set(variable, value);
    }

    /** Fires an event from the cell (BaseEventType, with this message and severity 1 to 1000). */
    public void fireEvent(String message, int severity) {
        cell.fireEvent(message, severity);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            cell.shutdown();
            if (generated != null) {
                generated.shutdown();
            }
            server.shutdown().get(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("Stopping the simulator at {}: {}", endpoint(), e.toString());
        }
    }

    /**
     * How to serve.
     *
     * @param tick           how often the changing variables change
     * @param eventEvery     how often the cell fires an alarm event by itself; zero for never
     * @param certificateDir where the server's certificate is kept (created on first start, owner-only); null for a
     *                       new one each start
     * @param generated      Int32 variables besides the cell, all changing each tick (load for the benchmark); 0 for
     *                       none
     */
    public record Settings(int port, Duration tick, Duration eventEvery, Path certificateDir, int generated) {

        public static final Duration DEFAULT_TICK = Duration.ofMillis(500);
        /** Enough for a benchmark's load, few enough that the address space stays a few hundred MiB at most. */
        public static final int MAX_GENERATED = 1_000_000;

        public Settings {
            if (port < 0 || port > 65535 || tick.isNegative() || tick.isZero() || eventEvery.isNegative()
                    || generated < 0 || generated > MAX_GENERATED) {
                throw new IllegalArgumentException("need port 0 to 65535, tick > 0, eventEvery >= 0 and generated 0"
                        + " to " + MAX_GENERATED);
            }
        }

        /** The cell alone, no generated variables. */
        public Settings(int port, Duration tick, Duration eventEvery, Path certificateDir) {
            this(port, tick, eventEvery, certificateDir, 0);
        }

        /** A free port, the default tick, no events by themselves, a new certificate. */
        public static Settings ephemeral() {
            return new Settings(0, DEFAULT_TICK, Duration.ZERO, null);
        }
    }
}
