package io.alink.daemon.connector.modbus;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.daemon.connector.Connector;
import io.alink.daemon.connector.ConnectorMetrics;
import io.alink.daemon.connector.FieldStatus;
import io.alink.daemon.connector.Schedulers;
import io.alink.daemon.connector.Uplink;
import io.alink.gateway.ServiceReply;
import io.alink.protocol.DeviceId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A Modbus TCP or RTU connector: one link, its field devices each polled by a task of the connector's own
 * scheduler. The scheduler's one thread only starts requests and handles their results; waiting is done by the
 * library's timeouts, so a device that does not answer delays no other (except on a serial line, where requests
 * take turns by nature).
 */
final class ModbusConnector implements Connector {

    /** The first polls are spread over at most this long, so that a hundred devices do not start in one burst. */
    private static final long MAX_START_SPREAD_MS = 1000;

    private final ModbusConnectorConfig config;
    private final ModbusLink link;
    private final ScheduledExecutorService scheduler;
    private final Map<DeviceId, ModbusDevice> devices = new LinkedHashMap<>();

    ModbusConnector(ModbusConnectorConfig config, Uplink uplink, ConnectorMetrics metrics) {
        this.config = config;
        this.link = ModbusLink.of(config);
        this.scheduler = Schedulers.singleThread("alink-connector-" + config.name());
        config.fieldDevices().forEach(device -> devices.put(device.id(),
                new ModbusDevice(config, device, link, uplink, scheduler, metrics)));
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
        int i = 0;
        for (ModbusDevice device : devices.values()) {
            device.start(i++ * MAX_START_SPREAD_MS / devices.size());
        }
    }

    @Override
    public FieldStatus status(DeviceId device) {
        return devices.get(device).health().status();
    }

    @Override
    public CompletionStage<ServiceReply> setProperties(DeviceId device, JsonNode params) {
        return devices.get(device).write(params);
    }

    /** A Modbus device has no services: they stay with the sub-device's adapter. */
    @Override
    public Optional<CompletionStage<ServiceReply>> callService(DeviceId device, String identifier, JsonNode params) {
        return Optional.empty();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        link.close();
    }
}
