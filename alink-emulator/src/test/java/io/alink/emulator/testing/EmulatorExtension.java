package io.alink.emulator.testing;

import io.alink.emulator.DeviceConfig;
import io.alink.emulator.DeviceView;
import io.alink.emulator.Emulator;
import io.alink.emulator.EmulatorConfig;
import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import io.alink.emulator.config.DemoProducts;
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
import java.util.function.Supplier;
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
 * it. On an instance field each test gets one of its own: for tests that {@link #stop()} or {@link #restart()} it.
 * Whatever a test hands to {@link #closeAfterTest} is closed after that test, before its emulator stops.
 */
public final class EmulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EmulatorConfig config;
    /** Where the platform keeps its data, asked when it starts; null for a temporary folder it deletes on close. */
    private final Supplier<Path> dataDir;
    private final boolean tls;
    private final AtomicInteger names = new AtomicInteger();
    private final Deque<AutoCloseable> afterTest = new ConcurrentLinkedDeque<>();
    private Emulator emulator;
    /** The configuration a restart uses: the ports of the first start, which devices reconnect to. */
    private EmulatorConfig restartConfig;
    private SelfSignedCertificate certificate;
    /** The class or test that started the emulator: only its end closes it, not the end of a nested class. */
    private String owner;

    private EmulatorExtension(EmulatorConfig config, Supplier<Path> dataDir, boolean tls) {
        this.config = config;
        this.dataDir = dataDir;
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
        return new EmulatorExtension(config.mqttPort(0).httpPort(0).build(), null, false);
    }

    /**
     * The platform keeps its data in the folder {@code folder} gives when the emulator starts (a {@code @TempDir}
     * field: it is filled in by then), so that a {@link #restart()} finds its devices and topologies again.
     */
    public EmulatorExtension withDataIn(Supplier<Path> folder) {
        return new EmulatorExtension(config, Objects.requireNonNull(folder, "folder"), tls);
    }

    /** A TLS listener too, with a certificate made for the emulator: {@link #mqttTlsPort()}, {@link #tlsCertificate()}. */
    public EmulatorExtension withTls() {
        return new EmulatorExtension(config, dataDir, true);
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
     * Starts the emulator again (stopping it first if it runs) on the same MQTT port, with the data it had. Needs
     * {@link #withDataIn}: without it a restarted platform would have forgotten every device.
     */
    public void restart() {
        if (restartConfig == null || restartConfig.dataDir() == null) {
            throw new IllegalStateException("a restart needs a started emulator whose data outlives it: "
                    + "register EmulatorExtension...withDataIn(() -> aTempDirField)");
        }
        if (emulator != null) {
            stop();
        }
        emulator = Emulator.start(restartConfig);
    }

    public Emulator emulator() {
        if (owner == null) {
            throw new IllegalStateException("the emulator starts before the tests: register EmulatorExtension on a "
                    + "field with @RegisterExtension");
        }
        if (emulator == null) {
            throw new IllegalStateException("the emulator is stopped: restart() it");
        }
        return emulator;
    }

    public PlatformAdmin admin() {
        return emulator().admin();
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
        EmulatorConfig.Builder builder = config.toBuilder();
        if (dataDir != null) {
            builder.dataDir(Objects.requireNonNull(dataDir.get(), "the data folder is null: is it a @TempDir field?"));
        }
        if (tls) {
            certificate = SelfSignedCertificate.create();
            builder.mqttTls(0, certificate.keystore(), certificate.password());
        }
        owner = context.getUniqueId();
        try {
            emulator = Emulator.start(builder.build());
        } catch (RuntimeException e) {
            endFor(context);
            throw e;
        }
        builder.mqttPort(emulator.mqttPort());
        if (tls) {
            builder.mqttTls(mqttTlsPort(), certificate.keystore(), certificate.password());
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
            if (certificate != null) {
                certificate.delete();
                certificate = null;
            }
        }
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
