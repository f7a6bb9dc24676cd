package io.alink.simulator;

import io.alink.daemon.connector.ReportPolicy;
import io.alink.daemon.connector.modbus.DataType;
import io.alink.daemon.connector.modbus.ModbusConnectorConfig;
import io.alink.daemon.connector.modbus.ModbusDeviceConfig;
import io.alink.daemon.connector.modbus.Order;
import io.alink.daemon.connector.modbus.PropertyMapping;
import io.alink.daemon.connector.modbus.SerialSettings;
import io.alink.daemon.connector.modbus.Table;
import io.alink.protocol.DeviceId;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A simulated device with a property of every table and type, and the connector mapping that reads it, as the tests
 * share them. The connector's mapping says Locked is writable; the device refuses it (exception code 2), as a
 * device does when the mapping is wrong.
 */
final class FieldDevices {

    static final DeviceId SUB01 = DeviceId.of("a1SubPk001", "sub01");
    static final DeviceId SUB02 = DeviceId.of("a1SubPk001", "sub02");
    static final Duration POLL = Duration.ofMillis(100);
    /** A poll's answer within this; three late in a row take a device offline, which a loaded machine must not do. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final int MAX_FAILED_POLLS = 3;

    private static final PropertyMapping TEMPERATURE = PropertyMapping.builder("Temperature", Table.HOLDING, 0,
            DataType.FLOAT32).build();
    private static final PropertyMapping RUNNING = PropertyMapping.builder("Running", Table.COIL, 0, DataType.BOOL)
            .writable(true).build();
    private static final PropertyMapping ALARM = PropertyMapping.builder("Alarm", Table.DISCRETE, 3, DataType.BOOL)
            .build();
    private static final PropertyMapping COUNT = PropertyMapping.builder("Count", Table.INPUT, 10, DataType.UINT32)
            .wordOrder(Order.LITTLE).build();
    private static final PropertyMapping SETPOINT = PropertyMapping.builder("Setpoint", Table.HOLDING, 20,
            DataType.INT16).scale(0.1, 0).writable(true).build();
    private static final PropertyMapping LIMIT = PropertyMapping.builder("Limit", Table.HOLDING, 22,
            DataType.FLOAT64).byteOrder(Order.LITTLE).writable(true).build();
    private static final PropertyMapping NAME = PropertyMapping.builder("Name", Table.HOLDING, 30, DataType.STRING)
            .length(4).build();
    private static final PropertyMapping ENERGY = PropertyMapping.builder("Energy", Table.INPUT, 40, DataType.INT64)
            .build();
    private static final PropertyMapping LOCKED = PropertyMapping.builder("Locked", Table.HOLDING, 50,
            DataType.UINT16).writable(true).build();

    private FieldDevices() {
    }

    /** Units 1 and 2, alike: Count counts up, Setpoint starts at 21.5, the rest stand still. */
    static SimulatorConfig simulator() {
        return new SimulatorConfig(Duration.ofMillis(50), Map.of(1, points(), 2, points()));
    }

    private static List<SimulatedPoint> points() {
        return List.of(
                new SimulatedPoint(TEMPERATURE, new Signal.Constant(new BigDecimal("21.5")), true),
                new SimulatedPoint(RUNNING, new Signal.Constant(true), true),
                new SimulatedPoint(ALARM, new Signal.Constant(false), false),
                new SimulatedPoint(COUNT, new Signal.Ramp(0, 1_000_000, 1), false),
                new SimulatedPoint(SETPOINT, new Signal.Constant(new BigDecimal("21.5")), true),
                new SimulatedPoint(LIMIT, new Signal.Constant(new BigDecimal("99.5")), true),
                new SimulatedPoint(NAME, new Signal.Constant("SIM-01"), false),
                new SimulatedPoint(ENERGY, new Signal.Constant(new BigDecimal("-9000000000")), false),
                new SimulatedPoint(LOCKED, new Signal.Constant(new BigDecimal(7)), false));
    }

    /** The connector over TCP: sub01 is unit 1, sub02 unit 2. */
    static ModbusConnectorConfig tcp(int port) {
        return new ModbusConnectorConfig("line1", false, "127.0.0.1", port, null, TIMEOUT, MAX_FAILED_POLLS,
                Duration.ofMillis(400), List.of(device(SUB01, 1), device(SUB02, 2)));
    }

    /** The connector over a serial line: sub01 is unit 1. */
    static ModbusConnectorConfig rtu(String port) {
        return new ModbusConnectorConfig("bus1", true, null, 0, SerialSettings.of(port), Duration.ofSeconds(1),
                MAX_FAILED_POLLS, Duration.ofSeconds(2), List.of(device(SUB01, 1)));
    }

    private static ModbusDeviceConfig device(DeviceId id, int unitId) {
        return new ModbusDeviceConfig(id, unitId, POLL, new ReportPolicy(true, 0.0, Duration.ofMinutes(1)),
                List.of(TEMPERATURE, RUNNING, ALARM, COUNT, SETPOINT, LIMIT, NAME, ENERGY, LOCKED));
    }
}
