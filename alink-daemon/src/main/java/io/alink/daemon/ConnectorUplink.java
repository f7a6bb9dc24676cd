package io.alink.daemon;

import io.alink.daemon.connector.Uplink;
import io.alink.gateway.GatewayClient;
import io.alink.protocol.DeviceId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connectors' way to the cloud: readings into the client's outbox, as the southbound API's posts go, and a
 * field device's link deciding whether its sub-device is online.
 */
final class ConnectorUplink implements Uplink {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorUplink.class);

    private final GatewayClient client;
    private final SubDevices devices;
    private final Runnable bringUpSoon;

    /** @param bringUpSoon runs a bring-up of whatever sub-devices are not online, on the daemon's lifecycle thread */
    ConnectorUplink(GatewayClient client, SubDevices devices, Runnable bringUpSoon) {
        this.client = client;
        this.devices = devices;
        this.bringUpSoon = bringUpSoon;
    }

    /** A sub-device the platform refused gets no readings journaled: they could never be sent. */
    @Override
    public CompletableFuture<?> report(DeviceId device, Map<String, Object> properties, long readAtMillis) {
        if (devices.refusal(device).isPresent()) {
            return CompletableFuture.failedFuture(new IllegalStateException(device + " was refused by the platform ("
                    + devices.refusal(device).get() + ")"));
        }
        return client.enqueueProperties(device, properties);
    }

    /** As {@link #report}: nothing is journaled for a sub-device the platform refused. */
    @Override
    public CompletableFuture<?> event(DeviceId device, String identifier, Map<String, Object> params,
                                      long timeMillis) {
        return devices.refusal(device).<CompletableFuture<?>>map(refusal -> CompletableFuture.failedFuture(
                        new IllegalStateException(device + " was refused by the platform (" + refusal + ")")))
                .orElseGet(() -> client.enqueueEvent(device, identifier, params, timeMillis));
    }

    @Override
    public CompletableFuture<?> fieldDown(DeviceId device) {
        devices.holdOffline(device, true);
        if (!client.isConnected() || !client.loggedIn().contains(device)) {
            return CompletableFuture.completedFuture(null);
        }
        LOG.info("Logging {} out: its field device does not answer", device);
        return client.logout(List.of(device));
    }

    /** Registering, adding to the topology and logging in are the bring-up's: it knows which of them are missing. */
    @Override
    public CompletableFuture<?> fieldUp(DeviceId device) {
        devices.holdOffline(device, false);
        bringUpSoon.run();
        return CompletableFuture.completedFuture(null);
    }
}
