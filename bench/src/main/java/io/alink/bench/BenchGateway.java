package io.alink.bench;

import io.alink.gateway.GatewayClient;
import io.alink.gateway.GatewayConfig;
import io.alink.gateway.SubDeviceCredentials;
import io.alink.protocol.DeviceId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A {@link GatewayClient} connected to a bench emulator as a user would configure it, with a store folder of its own
 * that is deleted on close (the client writes the gateway's identity there).
 */
final class BenchGateway implements AutoCloseable {

    /** For an emulator whose login limit is off: pacing would measure the pacer, not the gateway. */
    static final int UNPACED = 1_000_000;
    /** Generous: a run on a loaded 2-core machine must not fail on a slow reply. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final GatewayClient client;
    private final Path storeDir;

    private BenchGateway(GatewayClient client, Path storeDir) {
        this.client = client;
        this.storeDir = storeDir;
    }

    static BenchGateway connect(int port, DeviceId gateway, int maxLoginsPerSecond) {
        return connect(port, gateway, builder -> builder.maxLoginsPerSecond(maxLoginsPerSecond));
    }

    /** A client configured as {@link #connect(int, DeviceId, int)}'s, then by {@code more}. */
    static BenchGateway connect(int port, DeviceId gateway, UnaryOperator<GatewayConfig.Builder> more) {
        Path storeDir = TempFolder.create("alink-bench-gateway-");
        GatewayClient client = GatewayClient.create(more.apply(GatewayConfig.builder()
                .productKey(gateway.productKey()).deviceName(gateway.deviceName()).deviceSecret(BenchEmulator.SECRET)
                .endpoint("127.0.0.1", port, false)
                .storeDir(storeDir)
                .requestTimeout(REQUEST_TIMEOUT))
                .build());
        BenchGateway bench = new BenchGateway(client, storeDir);
        try {
            client.connect().join();
        } catch (RuntimeException e) {
            bench.close();
            throw e;
        }
        return bench;
    }

    static List<SubDeviceCredentials> credentials(List<DeviceId> subDevices) {
        return subDevices.stream().map(d -> new SubDeviceCredentials(d, BenchEmulator.SECRET, null)).toList();
    }

    GatewayClient client() {
        return client;
    }

    /** Adds the sub-devices to the topology and logs them in, as an application brings its gateway up. */
    void bringUp(List<SubDeviceCredentials> subDevices) {
        client.addTopo(subDevices).join();
        client.login(subDevices).join();
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            TempFolder.delete(storeDir);
        }
    }
}
