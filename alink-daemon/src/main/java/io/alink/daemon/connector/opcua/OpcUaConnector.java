package io.alink.daemon.connector.opcua;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.daemon.connector.Connector;
import io.alink.daemon.connector.ConnectorMetrics;
import io.alink.daemon.connector.FieldStatus;
import io.alink.daemon.connector.Schedulers;
import io.alink.daemon.connector.Uplink;
import io.alink.gateway.ServiceReply;
import io.alink.protocol.DeviceId;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

/**
 * An OPC UA connector: one session with one server (Eclipse Milo's client), a subscription that delivers the
 * sub-devices' values and events as the server publishes them (no polling), and writes and method calls for the
 * cloud's property sets and service calls. Its own thread keeps the session up; Milo's threads deliver and answer.
 */
final class OpcUaConnector implements Connector {

    private final OpcUaConnectorConfig config;
    private final ScheduledExecutorService scheduler;
    private final Map<DeviceId, OpcUaDevice> devices = new LinkedHashMap<>();
    private final OpcUaLink link;

    OpcUaConnector(OpcUaConnectorConfig config, Uplink uplink, ConnectorMetrics metrics, Path store) {
        this.config = config;
        this.scheduler = Schedulers.singleThread("alink-connector-" + config.name());
        DataTypes types = new DataTypes(scheduler);
        config.fieldDevices().forEach(device -> devices.put(device.id(),
                new OpcUaDevice(config, device, uplink, types, metrics)));
        this.link = new OpcUaLink(config, scheduler, devices.values().stream().toList(), types, store);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public Set<DeviceId> devices() {
        return devices.keySet();
    }

    @Override
    public void start() {
        link.start();
    }

    @Override
    public FieldStatus status(DeviceId device) {
        return devices.get(device).health().status();
    }

    @Override
    public CompletionStage<ServiceReply> setProperties(DeviceId device, JsonNode params) {
        return devices.get(device).write(link.client(), params);
    }

    @Override
    public Optional<CompletionStage<ServiceReply>> callService(DeviceId device, String identifier, JsonNode params) {
        return devices.get(device).call(link.client(), identifier, params).map(reply -> reply);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        link.close();
    }
}
