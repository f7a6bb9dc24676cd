package io.alink.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.daemon.connector.Uplink;
import io.alink.gateway.GatewayClient;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TimedValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connectors' way to the cloud: readings into the client's outbox, gathered into pack/post messages of many
 * sub-devices ({@link PackBatcher}), and a field device's link deciding whether its sub-device is online.
 */
final class ConnectorUplink implements Uplink {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorUplink.class);

    private final GatewayClient client;
    private final SubDevices devices;
    private final PackBatcher packs;
    private final Runnable bringUpSoon;

    /** @param bringUpSoon runs a bring-up of whatever sub-devices are not online, on the daemon's lifecycle thread */
    ConnectorUplink(GatewayClient client, SubDevices devices, PackBatcher packs, Runnable bringUpSoon) {
        this.client = client;
        this.devices = devices;
        this.packs = packs;
        this.bringUpSoon = bringUpSoon;
    }

    /**
     * A sub-device the platform refused gets no readings journaled: they could never be sent. A pack waits for
     * nobody's login, so it holds only sub-devices the platform confirmed in the topology (history of those needs no
     * login); before that (the first seconds after a start), a reading goes as the device's own property post, which
     * waits in the outbox for its login. Either way each value keeps the time it was read.
     */
    @Override
    public CompletableFuture<?> report(DeviceId device, Map<String, Object> properties, long readAtMillis) {
        Optional<CompletableFuture<?>> refused = refused(device);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (devices.isInTopology(device)) {
            return packs.add(device, properties, readAtMillis);
        }
        ObjectNode timed = AlinkJson.object();
        properties.forEach((identifier, value) -> timed.set(identifier, TimedValue.of(value, readAtMillis).toJson()));
        return client.enqueueProperties(device, timed);
    }

    /** As {@link #report}: nothing is journaled for a sub-device the platform refused. */
    @Override
    public CompletableFuture<?> event(DeviceId device, String identifier, Map<String, Object> params,
                                      long timeMillis) {
        return refused(device).orElseGet(() -> client.enqueueEvent(device, identifier, params, timeMillis));
    }

    @Override
    public boolean isDisabled(DeviceId device) {
        return devices.isDisabled(device);
    }

    private Optional<CompletableFuture<?>> refused(DeviceId device) {
        return devices.refusal(device).map(refusal -> CompletableFuture.failedFuture(
                new IllegalStateException(device + " was refused by the platform (" + refusal + ")")));
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
