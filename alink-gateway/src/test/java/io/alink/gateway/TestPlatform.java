package io.alink.gateway;

import static io.alink.gateway.Futures.await;

import io.alink.emulator.EmulatorConfig;
import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.DeviceId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The platform the gateway tests run against: a gateway product, a sub-device product with dynamic registration and
 * one without; and the library's view of the emulator's devices.
 */
final class TestPlatform {

    static final String GATEWAY_PRODUCT_SECRET = "GwTestProductSecret001";
    static final String SUB_PK = "a1SubTst01";
    static final String SUB_PRODUCT_SECRET = "SubTestProductSecret01";
    /** A sub-device product whose dynamic registration is off. */
    static final String LOCKED_SUB_PK = "a1SubLock1";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** How long the cloud side waits for a device to answer a service call or a property set. */
    static final Duration CLOUD_TIMEOUT = Duration.ofSeconds(30);

    private TestPlatform() {
    }

    /** An emulator with the {@linkplain #products() products} of the gateway tests. */
    static EmulatorExtension emulator() {
        return EmulatorExtension.of(products());
    }

    /** The products of the gateway tests, the gateway product first, for a test to add to. */
    static EmulatorConfig.Builder products() {
        return EmulatorConfig.builder()
                .product(new ProductConfig("a1GwTest01", GATEWAY_PRODUCT_SECRET, NodeType.GATEWAY, true, List.of()))
                .product(new ProductConfig(SUB_PK, SUB_PRODUCT_SECRET, NodeType.SUB_DEVICE, true, List.of()))
                .product(new ProductConfig(LOCKED_SUB_PK, "LockedProductSecret01", NodeType.SUB_DEVICE, false,
                        List.of()));
    }

    /** A client configuration for {@code gateway} on the emulator's plain MQTT port. */
    static GatewayConfig.Builder config(EmulatorExtension emulator, DeviceIdentity gateway, Path storeDir) {
        return GatewayConfig.builder()
                .productKey(gateway.productKey())
                .deviceName(gateway.deviceName())
                .deviceSecret(gateway.deviceSecret())
                .endpoint("127.0.0.1", emulator.mqttPort(), false)
                .requestTimeout(REQUEST_TIMEOUT)
                .storeDir(storeDir);
    }

    /** A client of {@code config} that is closed after the test. */
    static GatewayClient client(EmulatorExtension emulator, GatewayConfig.Builder config) {
        GatewayClient client = GatewayClient.create(config.build());
        emulator.closeAfterTest(() -> await(client.closeAsync()));
        return client;
    }

    static SubDeviceCredentials credentials(DeviceIdentity sub) {
        return new SubDeviceCredentials(sub.id(), sub.deviceSecret(), null);
    }

    static List<SubDeviceCredentials> credentials(List<DeviceIdentity> subs) {
        return subs.stream().map(TestPlatform::credentials).toList();
    }

    /**
     * The values of property {@code name} in {@code device}'s property posts, each at its first arrival: QoS 1 may
     * deliver a message twice, and the order that counts is that of first arrivals.
     */
    static List<Integer> firstArrivals(EmulatorExtension emulator, DeviceId device, String name) {
        Set<Integer> first = new LinkedHashSet<>();
        emulator.propertyPosts(device).forEach(post -> first.add(post.params().get(name).asInt()));
        return List.copyOf(first);
    }
}
