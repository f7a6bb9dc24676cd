package io.alink.daemon;

import io.alink.daemon.connector.Connectors;
import io.alink.gateway.GatewayClient;
import io.alink.gateway.GatewayConfig;
import io.alink.gateway.outbox.OutboxLimits;
import io.alink.http.ApiServer;
import io.alink.protocol.DeviceId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The southbound API served by a real {@link ApiServer} on 127.0.0.1, over a gateway client that never connects:
 * posts are journaled in its outbox, as they are while the platform is out of reach. Every wait (a long poll, a
 * command's timeout) runs out at once. Two sub-devices of product a1SubFuzz1 are configured, sub1 and sub2.
 */
final class OfflineSouthbound implements AutoCloseable {

    private static final List<GatewayFile.Device> CONFIGURED = List.of(
            new GatewayFile.Device(DeviceId.of("a1SubFuzz1", "sub1"), "SubSecret1", null),
            new GatewayFile.Device(DeviceId.of("a1SubFuzz1", "sub2"), null, "ProductSecret1"));

    private final GatewayClient client;
    private final ScheduledThreadPoolExecutor timer = new Hurried();
    private final ApiServer server;

    /** @param store where the client keeps its outbox */
    OfflineSouthbound(Path store) {
        // nothing listens on port 1 of the loopback, and connect() is never called
        client = GatewayClient.create(GatewayConfig.builder()
                .productKey("a1GwFuzz01").deviceName("gw01").deviceSecret("GatewaySecret01")
                .endpoint("127.0.0.1", 1, false).storeDir(store).outbox(OutboxLimits.DEFAULT).build());
        SubDevices devices = new SubDevices(CONFIGURED);
        Commands commands = new Commands(devices::isConfigured, Duration.ofSeconds(30), timer);
        server = new SouthboundApi(client, devices, commands, new DaemonMetrics(client, devices),
                Connectors.create(List.of(), null, null, null)).serve("127.0.0.1", 0, null);
    }

    int port() {
        return server.uri().getPort();
    }

    @Override
    public void close() {
        server.close();
        client.close();
        timer.shutdownNow();
    }

    /** A timer on which every wait runs out at once: a long poll answers now, not in a minute. */
    private static final class Hurried extends ScheduledThreadPoolExecutor {
        Hurried() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return super.schedule(command, 0, unit);
        }
    }
}
