package io.alink.gateway;

import io.alink.emulator.DeviceConfig;
import io.alink.emulator.DeviceView;
import io.alink.emulator.Emulator;
import io.alink.emulator.EmulatorAdmin;
import io.alink.emulator.EmulatorConfig;
import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * A running emulator on loopback for one test class, with a gateway product, a sub-device product with dynamic
 * registration and one without. Every test creates its own devices, so tests of a class do not share state.
 */
final class EmulatorFixture implements AutoCloseable {

    static final String GATEWAY_PK = "a1GwTest01";
    static final String GATEWAY_PRODUCT_SECRET = "GwTestProductSecret001";
    static final String SUB_PK = "a1SubTst01";
    static final String SUB_PRODUCT_SECRET = "SubTestProductSecret01";
    /** A sub-device product whose dynamic registration is off. */
    static final String LOCKED_SUB_PK = "a1SubLock1";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A device and its secret. */
    record TestDevice(DeviceId id, String secret) {
        SubDeviceCredentials credentials() {
            return new SubDeviceCredentials(id, secret, null);
        }
    }

    private final Emulator emulator;
    private final AtomicInteger names = new AtomicInteger();

    private EmulatorFixture(Emulator emulator) {
        this.emulator = emulator;
    }

    static EmulatorFixture start() {
        return start(builder -> builder);
    }

    static EmulatorFixture start(UnaryOperator<EmulatorConfig.Builder> customize) {
        return new EmulatorFixture(Emulator.start(customize.apply(baseConfig()).build()));
    }

    static EmulatorConfig.Builder baseConfig() {
        return EmulatorConfig.builder().mqttPort(0).httpPort(0)
                .product(new ProductConfig(GATEWAY_PK, GATEWAY_PRODUCT_SECRET, NodeType.GATEWAY, true, List.of()))
                .product(new ProductConfig(SUB_PK, SUB_PRODUCT_SECRET, NodeType.SUB_DEVICE, true, List.of()))
                .product(new ProductConfig(LOCKED_SUB_PK, "LockedProductSecret01", NodeType.SUB_DEVICE, false,
                        List.of()));
    }

    Emulator emulator() {
        return emulator;
    }

    EmulatorAdmin admin() {
        return emulator.admin();
    }

    static String secret() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    TestDevice newGateway() {
        return newDevice(GATEWAY_PK, "gw", secret());
    }

    /** A gateway that exists on the platform but has no secret yet: it must register. */
    DeviceId newUnregisteredGateway() {
        return newDevice(GATEWAY_PK, "gwreg", null).id();
    }

    List<TestDevice> newSubDevices(int count) {
        return IntStream.range(0, count).mapToObj(i -> newDevice(SUB_PK, "sub", secret())).toList();
    }

    List<SubDeviceCredentials> newSubDeviceCredentials(int count) {
        return newSubDevices(count).stream().map(TestDevice::credentials).toList();
    }

    DeviceId newUnregisteredSubDevice(String productKey) {
        return newDevice(productKey, "subreg", null).id();
    }

    private TestDevice newDevice(String productKey, String prefix, String secret) {
        String name = prefix + names.incrementAndGet();
        admin().createDevice(productKey, new DeviceConfig(name, secret));
        return new TestDevice(DeviceId.of(productKey, name), secret);
    }

    /** A client configuration for {@code gateway} on the emulator's plain MQTT port. */
    GatewayConfig.Builder config(TestDevice gateway, Path storeDir) {
        return GatewayConfig.builder()
                .productKey(gateway.id().productKey())
                .deviceName(gateway.id().deviceName())
                .deviceSecret(gateway.secret())
                .endpoint("127.0.0.1", emulator.mqttPort(), false)
                .requestTimeout(REQUEST_TIMEOUT)
                .storeDir(storeDir);
    }

    URI registrationUri() {
        return URI.create(emulator.httpUri() + "/auth/register/device");
    }

    /** Device-to-cloud messages the platform logged from {@code device}. */
    int messagesFrom(DeviceId device) {
        return admin().messages(device, 100_000).size();
    }

    /** The property posts the platform logged from {@code device}, oldest first, as their envelopes. */
    List<AlinkRequest> propertyPosts(DeviceId device) {
        String topic = AlinkTopic.of(TopicKind.PROPERTY_POST, device).topic();
        return admin().messages(device, 100_000).stream().filter(m -> m.topic().equals(topic))
                .map(m -> AlinkRequest.parse(m.payload())).toList();
    }

    /**
     * The values of property {@code name} in {@code device}'s property posts, each at its first arrival: QoS 1 may
     * deliver a message twice, and the order that counts is that of first arrivals.
     */
    List<Integer> firstArrivals(DeviceId device, String name) {
        Set<Integer> first = new LinkedHashSet<>();
        propertyPosts(device).forEach(post -> first.add(post.params().get(name).asInt()));
        return List.copyOf(first);
    }

    /** Whether the platform has {@code device} online (connected, or logged in through its gateway). */
    boolean online(DeviceId device) {
        return admin().device(device).map(DeviceView::online).orElse(false);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
