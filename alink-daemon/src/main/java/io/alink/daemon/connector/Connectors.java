package io.alink.daemon.connector;

import io.alink.gateway.ServiceHandler;
import io.alink.protocol.DeviceId;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The daemon's connectors: started and closed together, and found by the sub-device they serve. */
public final class Connectors implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Connectors.class);

    private final List<Connector> connectors;
    private final Map<DeviceId, Connector> byDevice = new HashMap<>();

    private Connectors(List<Connector> connectors) {
        this.connectors = List.copyOf(connectors);
        this.connectors.forEach(connector -> connector.devices().forEach(device -> byDevice.put(device, connector)));
    }

    /** @param store the daemon's store folder, see {@link ConnectorConfig#create} */
    public static Connectors create(List<ConnectorConfig> configs, Uplink uplink, MeterRegistry registry,
                                    Path store) {
        return new Connectors(configs.stream().map(config -> config.create(uplink, registry, store)).toList());
    }

    public void start() {
        connectors.forEach(connector -> {
            connector.start();
            LOG.info("Connector {} started: {} field devices", connector.name(), connector.devices().size());
        });
    }

    /** The name of the connector that serves {@code device}; empty for a sub-device of the adapters. */
    public Optional<String> servingConnector(DeviceId device) {
        return Optional.ofNullable(byDevice.get(device)).map(Connector::name);
    }

    /** The field link of a sub-device a connector serves; empty for the others. */
    public Optional<FieldStatus> status(DeviceId device) {
        Connector connector = byDevice.get(device);
        return connector == null ? Optional.empty() : Optional.of(connector.status(device));
    }

    /**
     * Property sets for a sub-device a connector serves go to that connector, and so do service calls the connector
     * maps; every other call to {@code others}.
     */
    public ServiceHandler routing(ServiceHandler others) {
        return call -> {
            Connector connector = byDevice.get(call.device());
            if (connector == null) {
                return others.handle(call);
            }
            if (call.isPropertySet()) {
                return connector.setProperties(call.device(), call.params());
            }
            return connector.callService(call.device(), call.identifier(), call.params())
                    .orElseGet(() -> others.handle(call));
        };
    }

    @Override
    public void close() {
        connectors.forEach(Connector::close);
    }
}
