package io.alink.emulator.testing;

import io.alink.emulator.DeviceConfig;
import io.alink.emulator.DeviceView;
import io.alink.emulator.Emulator;
import io.alink.emulator.EmulatorConfig;
import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import io.alink.emulator.config.DemoProducts;
import io.alink.emulator.ota.OtaAdmin;
import io.alink.emulator.platform.PlatformAdmin;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One emulator on ephemeral loopback ports, and fresh devices on it, so that tests share no device state.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmulatorExtension emulator = EmulatorExtension.demo();
 *
 * @Test
 * void givenAGatewayWithSubDevices...() {
 *     DeviceIdentity gateway = emulator.newGateway();
 *     List<DeviceIdentity> subs = emulator.newSubDevices(3);
 *     // connect gateway.id() with gateway.deviceSecret() to 127.0.0.1:emulator.mqttPort() ...
 *     emulator.closeAfterTest(client);
 * }
 * }</pre>
 *
 * On a static field it starts before the class's first test and closes after its last; {@code @Nested} classes share
 * it. On an instance field each test gets one of its own: for tests that {@link #stop()} or {@link #restart()} it, as
 * the platform's outages. Whatever a test hands to {@link #closeAfterTest} is closed after that test, before its
 * emulator stops.
 */
public final class EmulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EmulatorConfig config;
    private final boolean tls;
    private final AtomicInteger names = new AtomicInteger();
    private final Deque<AutoCloseable> afterTest = new ConcurrentLinkedDeque<>();
    private Emulator emulator;
    /** The configuration a restart uses: the ports of the first start, which devices reconnect to. */
    private EmulatorConfig restartConfig;
    /** The platform's data, unless the configuration names a folder: it outlives a restart, not the extension. */
    private TemporaryFolder dataFolder;
    private SelfSignedCertificate certificate;
    /** The class or test that started the emulator: only its end closes it, not the end of a nested class. */
    private String owner;

    private EmulatorExtension(EmulatorConfig config, boolean tls) {
        this.config = config;
        this.tls = tls;
    }

    /** The demo products of {@code alink emulator} without a configuration file ({@link DemoProducts}). */
    public static EmulatorExtension demo() {
        EmulatorConfig.Builder config = EmulatorConfig.builder();
        DemoProducts.products().forEach(config::product);
        return of(config);
    }

    /** The given configuration, on free ports whatever ports it names. */
    public static EmulatorExtension of(EmulatorConfig.Builder config) {
        return new EmulatorExtension(config.mqttPort(0).httpPort(0).build(), false);
    }

    /**
     * A TLS listener too, with a self-signed certificate made for the emulator: {@link #mqttTlsPort()},
     * {@link #tlsCertificate()}.
     */
    public EmulatorExtension withTls() {
        return new EmulatorExtension(config, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            closeWhatTheTestOpened();
        } finally {
            endFor(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        endFor(context);
    }

    /** Closes {@code resource} after the current test (the last handed over first). */
    public void closeAfterTest(AutoCloseable resource) {
        afterTest.push(Objects.requireNonNull(resource, "resource"));
    }

    /** Closes the emulator as an outage of the platform would; {@link #restart()} brings it back. */
    public void stop() {
        Emulator running = emulator();
        emulator = null;
        running.close();
    }

    /**
     * Starts the emulator again (stopping it first if it runs) on the same MQTT ports, with the devices, topologies
     * and message log it had; its HTTP API comes back on a new port.
     */
    public void restart() {
        if (owner == null) {
            throw notRegistered();
        }
        if (emulator != null) {
            stop();
        }
        emulator = Emulator.start(restartConfig);
    }

    public Emulator emulator() {
        if (owner == null) {
            throw notRegistered();
        }
        if (emulator == null) {
            throw new IllegalStateException("the emulator is stopped: restart() it");
        }
        return emulator;
    }

    public PlatformAdmin admin() {
        return emulator().admin();
    }

    /** Firmware packages and upgrade jobs of the running emulator. */
    public OtaAdmin ota() {
        return emulator().ota();
    }

    public int mqttPort() {
        return emulator().mqttPort();
    }

    public int mqttTlsPort() {
        return emulator().mqttTlsPort().orElseThrow(() -> new IllegalStateException("no TLS listener: withTls()"));
    }

    /** The emulator's certificate in PEM, for a client to trust. */
    public Path tlsCertificate() {
        if (certificate == null) {
            throw new IllegalStateException("no TLS certificate: withTls(), and a started emulator");
        }
        return certificate.pem();
    }

    public int httpPort() {
        return emulator().httpPort();
    }

    public String httpUri() {
        return emulator().httpUri();
    }

    /** The HTTPS-style dynamic registration endpoint (served over plain HTTP on loopback). */
    public URI registrationUri() {
        return URI.create(httpUri() + "/auth/register/device");
    }

    /** A new gateway of the first gateway product, with a secret. */
    public DeviceIdentity newGateway() {
        return newDevice(productKey(NodeType.GATEWAY));
    }

    /** A new gateway of the first gateway product without a secret: it gets one by dynamic registration. */
    public DeviceId newUnregisteredGateway() {
        return newUnregisteredDevice(productKey(NodeType.GATEWAY));
    }

    /** A new sub-device of the first sub-device product, with a secret; in no topology yet. */
    public DeviceIdentity newSubDevice() {
        return newDevice(productKey(NodeType.SUB_DEVICE));
    }

    public List<DeviceIdentity> newSubDevices(int count) {
        return IntStream.range(0, count).mapToObj(i -> newSubDevice()).toList();
    }

    /** A new device of {@code productKey} with a fresh random secret. */
    public DeviceIdentity newDevice(String productKey) {
        return create(productKey, secret());
    }

    /** A new pre-registered device of {@code productKey} without a secret: it gets one by dynamic registration. */
    public DeviceId newUnregisteredDevice(String productKey) {
        return create(productKey, null).id();
    }

    /** The key of the first configured product of this node type. */
    public String productKey(NodeType nodeType) {
        return config.products().stream().filter(p -> p.nodeType() == nodeType).map(ProductConfig::productKey)
                .findFirst().orElseThrow(() -> new IllegalStateException("the emulator's configuration has no "
                        + nodeType + " product"));
    }

    /** Whether the platform has {@code device} online (connected, or logged in through its gateway). */
    public boolean online(DeviceId device) {
        return admin().device(device).map(DeviceView::online).orElse(false);
    }

    /** How many device-to-cloud messages the platform logged from {@code device}. */
    public int messagesFrom(DeviceId device) {
        return admin().messages(device, Integer.MAX_VALUE).size();
    }

    /** The property posts the platform logged from {@code device}, oldest first, as their envelopes. */
    public List<AlinkRequest> propertyPosts(DeviceId device) {
        String topic = AlinkTopic.of(TopicKind.PROPERTY_POST, device).topic();
        return admin().messages(device, Integer.MAX_VALUE).stream().filter(m -> m.topic().equals(topic))
                .map(m -> AlinkRequest.parse(m.payload())).toList();
    }

    private void startFor(ExtensionContext context) {
        if (owner != null) {
            return;
        }
        owner = context.getUniqueId();
        EmulatorConfig.Builder builder = config.toBuilder();
        try {
            if (config.dataDir() == null) {
                dataFolder = TemporaryFolder.create("alink-emulator-data-");
                builder.dataDir(dataFolder.path());
            }
            if (tls) {
                certificate = SelfSignedCertificate.create();
                builder.mqttTls(0, certificate.keystore(), SelfSignedCertificate.PASSWORD);
            }
            emulator = Emulator.start(builder.build());
        } catch (RuntimeException e) {
            endFor(context);
            throw e;
        }
        builder.mqttPort(emulator.mqttPort());
        if (tls) {
            builder.mqttTls(mqttTlsPort(), certificate.keystore(), SelfSignedCertificate.PASSWORD);
        }
        restartConfig = builder.build();
    }

    private void endFor(ExtensionContext context) {
        if (!context.getUniqueId().equals(owner)) {
            return;
        }
        try {
            if (emulator != null) {
                emulator.close();
            }
        } finally {
            emulator = null;
            restartConfig = null;
            owner = null;
            deleteFolders();
        }
    }

    private void deleteFolders() {
        try {
            if (dataFolder != null) {
                dataFolder.delete();
            }
        } finally {
            dataFolder = null;
            if (certificate != null) {
                certificate.folder().delete();
                certificate = null;
            }
        }
    }

    private static IllegalStateException notRegistered() {
        return new IllegalStateException("the emulator starts before the tests: register EmulatorExtension on a "
                + "field with @RegisterExtension");
    }

    private void closeWhatTheTestOpened() throws Exception {
        Exception failure = null;
        for (AutoCloseable resource = afterTest.poll(); resource != null; resource = afterTest.poll()) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private DeviceIdentity create(String productKey, String secret) {
        String prefix = config.products().stream().filter(p -> p.productKey().equals(productKey)).findFirst()
                .map(p -> switch (p.nodeType()) {
                    case GATEWAY -> "gw-";
                    case SUB_DEVICE -> "sub-";
                    case DEVICE -> "dev-";
                }).orElse("dev-");
        DeviceId id;
        do {
            id = DeviceId.of(productKey, prefix + names.incrementAndGet());
        } while (admin().device(id).isPresent());
        admin().createDevice(productKey, new DeviceConfig(id.deviceName(), secret));
        return new DeviceIdentity(id, secret);
    }

    private static String secret() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
