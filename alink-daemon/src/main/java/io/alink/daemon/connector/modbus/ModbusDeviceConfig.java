package io.alink.daemon.connector.modbus;

import io.alink.daemon.connector.ReportPolicy;
import io.alink.protocol.DeviceId;
import java.time.Duration;
import java.util.List;

/** One field device of a Modbus connector: the sub-device it is, its unit id, how often it is read, its mapping. */
public record ModbusDeviceConfig(DeviceId id, int unitId, Duration poll, ReportPolicy report,
                                 List<PropertyMapping> properties) {

    public ModbusDeviceConfig {
        properties = List.copyOf(properties);
    }
}
