package io.alink.emulator.testing;

import io.alink.emulator.DeviceConfig;
import io.alink.emulator.Emulator;
import io.alink.emulator.EmulatorConfig;
import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import io.alink.emulator.config.DemoProducts;
import io.alink.emulator.platform.PlatformAdmin;
import io.alink.protocol.DeviceId;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One emulator per test class on ephemeral loopback ports, started before the class's first test and closed after its
 * last; and fresh devices on it, so that the tests of a class share no device state.
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
 * }
 * }</pre>
 *
 * Register it on a static field: it starts in {@code beforeAll}. {@code @Nested} classes share the emulator of the
 * class that registered it.
 */
public final class EmulatorExtension implements BeforeAllCallback, AfterAllCallback {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EmulatorConfig config;
    private final AtomicInteger names = new AtomicInteger();
    private Emulator emulator;
    /** The test class that started the emulator: only its end closes it, not the end of a nested class. */
    private String owner;

    private EmulatorExtension(EmulatorConfig config) {
        this.config = config;
    }

    /** The demo products of {@code alink emulator} without a configuration file ({@link DemoProducts}). */
    public static EmulatorExtension demo() {
        EmulatorConfig.Builder config = EmulatorConfig.builder();
        DemoProducts.products().forEach(config::product);
        return of(config);
    }

    /** The given configuration, on free ports whatever ports it names. */
    public static EmulatorExtension of(EmulatorConfig.Builder config) {
        return new EmulatorExtension(config.mqttPort(0).httpPort(0).build());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (emulator == null) {
            emulator = Emulator.start(config);
            owner = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(owner)) {
            try {
                emulator.close();
            } finally {
                emulator = null;
                owner = null;
            }
        }
    }

    public Emulator emulator() {
        if (emulator == null) {
            throw new IllegalStateException("the emulator starts before all tests of the class: register "
                    + "EmulatorExtension on a static field with @RegisterExtension");
        }
        return emulator;
    }

    public PlatformAdmin admin() {
        return emulator().admin();
    }

    public int mqttPort() {
        return emulator().mqttPort();
    }

    public int httpPort() {
        return emulator().httpPort();
    }

    /** A new gateway of the first gateway product, with a secret. */
    public DeviceIdentity newGateway() {
        return newDevice(productKey(NodeType.GATEWAY));
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
