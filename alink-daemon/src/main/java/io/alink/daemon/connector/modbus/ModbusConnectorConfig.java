package io.alink.daemon.connector.modbus;

import io.alink.daemon.connector.Connector;
import io.alink.daemon.connector.ConnectorConfig;
import io.alink.daemon.connector.ConnectorMetrics;
import io.alink.daemon.connector.Uplink;
import io.alink.protocol.DeviceId;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Modbus connector: one TCP connection ({@code host:port}) or one serial line ({@code serial}) and the field
 * devices on it.
 *
 * @param timeout        how long a request (and a TCP connect) may take
 * @param maxFailedPolls polls in a row without an answer after which the sub-device is logged out
 * @param maxRetryDelay  the longest wait between polls of a device that does not answer
 */
public record ModbusConnectorConfig(String name, boolean rtu, String host, int port, SerialSettings serial,
                                    Duration timeout, int maxFailedPolls, Duration maxRetryDelay,
                                    List<ModbusDeviceConfig> fieldDevices) implements ConnectorConfig {

    public static final int DEFAULT_PORT = 502;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_FAILED_POLLS = 3;
    public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofSeconds(30);

    public ModbusConnectorConfig {
        fieldDevices = List.copyOf(fieldDevices);
    }

    @Override
    public List<DeviceId> devices() {
        return fieldDevices.stream().map(ModbusDeviceConfig::id).toList();
    }

    @Override
    public Connector create(Uplink uplink, MeterRegistry registry, Path store) {
        return new ModbusConnector(this, uplink, new ConnectorMetrics(registry, name));
    }

    /** Where it reads, for logs and errors: {@code tcp://host:port} or {@code rtu:/dev/ttyUSB0}. */
    public String target() {
        return rtu ? "rtu:" + serial.port() : "tcp://" + host + ":" + port;
    }
}
