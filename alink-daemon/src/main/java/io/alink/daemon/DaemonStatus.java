package io.alink.daemon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.daemon.connector.Connectors;
import io.alink.daemon.connector.FieldStatus;
import io.alink.gateway.ConnectionListener;
import io.alink.gateway.Endpoint;
import io.alink.gateway.GatewayClient;
import io.alink.gateway.OutboxStats;
import io.alink.gateway.SubDeviceListener;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The daemon at a glance, as {@code GET /v1/devices} and the status page show it: the connection and its endpoint,
 * the outbox, each sub-device with its field link, and the last {@link #MAX_ERRORS} things that went wrong with the
 * connection or a sub-device (a field link's last error is the sub-device's own).
 */
final class DaemonStatus {
    static final int MAX_ERRORS = 20;

    private final GatewayClient client;
    private final SubDevices devices;
    private final Connectors connectors;
    private final Deque<ObjectNode> errors = new ArrayDeque<>();

    private DaemonStatus(GatewayClient client, SubDevices devices, Connectors connectors) {
        this.client = client;
        this.devices = devices;
        this.connectors = connectors;
    }

    /** A status that hears of the client's lost connections and refused or removed sub-devices from now on. */
    static DaemonStatus following(GatewayClient client, SubDevices devices, Connectors connectors) {
        DaemonStatus status = new DaemonStatus(client, devices, connectors);
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void disconnected(Throwable cause) {
                status.error("connection to the platform lost: " + cause.getMessage());
            }
        });
        client.addSubDeviceListener(new SubDeviceListener() {
            @Override
            public void refused(DeviceId sub, int code, String message) {
                status.error(sub + " refused by the platform: code " + code + ": "
                        + ReplyCode.explained(code, message));
            }

            @Override
            public void removed(DeviceId sub, int topoChangeStatus) {
                status.error(sub + " removed from the topology or disabled in the cloud (topo/change status "
                        + topoChangeStatus + ")");
            }
        });
        return status;
    }

    private synchronized void error(String message) {
        if (errors.size() == MAX_ERRORS) {
            errors.removeLast();
        }
        errors.addFirst(AlinkJson.object().put("time", System.currentTimeMillis()).put("message", message));
    }

    /** Everything at once, for the status page. */
    ObjectNode snapshot() {
        ObjectNode status = AlinkJson.object();
        Endpoint endpoint = client.config().endpoint();
        status.putObject("gateway")
                .put("productKey", client.gatewayId().productKey())
                .put("deviceName", client.gatewayId().deviceName())
                .put("connected", client.isConnected())
                .put("endpoint", endpoint.host() + ":" + endpoint.port())
                .put("tls", endpoint.tls())
                .put("reconnects", client.reconnects());
        OutboxStats outbox = client.outboxStats();
        status.putObject("outbox")
                .put("queuedMessages", outbox.queuedMessages())
                .put("queuedBytes", outbox.queuedBytes())
                .put("deadLetters", outbox.deadLetters())
                .put("droppedMessages", outbox.droppedMessages())
                .put("sentMessages", outbox.sentMessages());
        status.set("subDevices", devices());
        synchronized (this) {
            ArrayNode recent = status.putArray("errors");
            errors.forEach(error -> recent.add(error.deepCopy()));
        }
        return status;
    }

    /** The configured sub-devices: topology, online, queued messages, refusal, and field link where a connector has one. */
    ArrayNode devices() {
        Set<DeviceId> online = client.isConnected() ? client.loggedIn() : Set.of();
        Map<DeviceId, Long> queued = client.outboxQueuedByDevice();
        ArrayNode array = AlinkJson.nodes().arrayNode();
        for (SubDevices.View device : devices.views()) {
            ObjectNode entry = array.addObject()
                    .put("productKey", device.id().productKey())
                    .put("deviceName", device.id().deviceName())
                    .put("inTopology", device.inTopology())
                    .put("online", online.contains(device.id()))
                    .put("queuedMessages", queued.getOrDefault(device.id(), 0L));
            if (device.refusal() != null) {
                entry.put("refused", device.refusal());
            }
            connectors.status(device.id()).ifPresent(field -> putField(entry, field));
        }
        return array;
    }

    /** A connector's view of the device's field link; times in epoch milliseconds, as the platform gives them. */
    private static void putField(ObjectNode entry, FieldStatus field) {
        entry.put("connector", field.connector())
                .put("fieldLink", field.link().name().toLowerCase(Locale.ROOT));
        if (field.lastError() != null) {
            entry.put("lastError", field.lastError()).put("lastErrorAt", field.lastErrorAt().toEpochMilli());
        }
        if (field.lastGoodRead() != null) {
            entry.put("lastGoodRead", field.lastGoodRead().toEpochMilli());
        }
    }
}
