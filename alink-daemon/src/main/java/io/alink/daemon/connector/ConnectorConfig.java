package io.alink.daemon.connector;

import io.alink.protocol.DeviceId;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;

/** One entry of gateway.yaml's {@code connectors}, checked; it makes its connector. */
public interface ConnectorConfig {

    String name();

    /** The sub-devices it maps, each once. */
    List<DeviceId> devices();

    /**
     * A connector for this configuration, not started yet.
     *
     * @param store the daemon's store folder, where a connector keeps what it must remember (an OPC UA application
     *              certificate)
     */
    Connector create(Uplink uplink, MeterRegistry registry, Path store);
}
