package io.alink.bench;

import io.alink.daemon.connector.modbus.DataType;
import io.alink.daemon.connector.modbus.PropertyMapping;
import io.alink.daemon.connector.modbus.ReadBlock;
import io.alink.daemon.connector.modbus.ReadPlan;
import io.alink.daemon.connector.modbus.Table;
import io.alink.protocol.DeviceId;
import io.alink.simulator.ModbusSimulator;
import io.alink.simulator.SimulatedPoint;
import io.alink.simulator.Signal;
import io.alink.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Modbus TCP for scenario 6: {@code servers} simulators ({@link ModbusSimulator}, loopback), each with {@code units}
 * unit ids of {@code points} uint16 holding registers that all count up every tick, so that a poll finds every one
 * changed and the report filter (on change, deadband 0) lets all of them through. The daemon reads each server with a
 * connector of its own; the baseline reads the same with the digitalpetri client alone ({@link ModbusReadBaseline}).
 */
final class ModbusFieldBed implements FieldBed {

    private static final Signal COUNTING = new Signal.Ramp(0, 65_535, 1);
    /** Far above a loopback round trip: a timeout here would be a fault, not a measurement. */
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final Sizes.Field sizes;
    private final List<PropertyMapping> registers;
    private final List<ModbusSimulator> servers = new ArrayList<>();

    ModbusFieldBed(Sizes.Field sizes) {
        this.sizes = sizes;
        this.registers = IntStream.range(0, sizes.points()).mapToObj(i -> PropertyMapping.builder("R" + i,
                Table.HOLDING, i, DataType.UINT16).build()).toList();
    }

    @Override
    public void start() {
        Map<Integer, List<SimulatedPoint>> units = new LinkedHashMap<>();
        for (int unit = 1; unit <= sizes.units(); unit++) {
            // a point holds its own write state: one per unit
            units.put(unit, registers.stream().map(r -> new SimulatedPoint(r, COUNTING, false)).toList());
        }
        SimulatorConfig config = new SimulatorConfig(sizes.tick(), units);
        try {
            for (int i = 0; i < sizes.servers(); i++) {
                servers.add(ModbusSimulator.tcp(config, 0));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public String protocol() {
        return "Modbus TCP";
    }

    @Override
    public String layout() {
        return devices() + " devices (" + sizes.servers() + " servers × " + sizes.units() + " unit ids) × "
                + sizes.points() + " uint16 holding registers, all changing every " + sizes.tick().toMillis()
                + " ms, polled every " + sizes.poll().toMillis() + " ms (" + plan().size() + " requests a poll)";
    }

    @Override
    public int devices() {
        return sizes.devices();
    }

    @Override
    public List<String> identifiers() {
        return registers.stream().map(PropertyMapping::identifier).toList();
    }

    @Override
    public String connectorsYaml(List<DeviceId> subDevices) {
        String properties = registers.stream().map(r -> "{identifier: " + r.identifier() + ", table: holding, address: "
                + r.address() + ", type: uint16}").collect(Collectors.joining(", ", "[", "]"));
        StringBuilder yaml = new StringBuilder("connectors:\n");
        for (int s = 0; s < servers.size(); s++) {
            yaml.append("  - name: field").append(s + 1).append("\n    type: modbus-tcp\n    host: 127.0.0.1\n")
                    .append("    port: ").append(servers.get(s).port()).append("\n    timeoutMs: ")
                    .append(TIMEOUT.toMillis()).append("\n    devices:\n");
            for (int unit = 1; unit <= sizes.units(); unit++) {
                DeviceId device = subDevices.get(s * sizes.units() + unit - 1);
                yaml.append("      - {productKey: ").append(device.productKey()).append(", deviceName: ")
                        .append(device.deviceName()).append(", unitId: ").append(unit).append(", pollMs: ")
                        .append(sizes.poll().toMillis())
                        .append(", report: {onChange: true, deadband: 0.0, everyMs: 60000}, properties: ")
                        .append(properties).append("}\n");
            }
        }
        return yaml.toString();
    }

    @Override
    public double libraryRate(Duration window) {
        return ModbusReadBaseline.pointsPerSecond(servers.stream().map(ModbusSimulator::port).toList(),
                sizes.units(), plan(), sizes.poll(), TIMEOUT, window);
    }

    @Override
    public String libraryBaseline() {
        return "digitalpetri Modbus client alone: same devices, same requests, same poll, one connection a server,"
                + " no cloud side";
    }

    /** The daemon's own merge of the registers into requests. */
    private List<ReadBlock> plan() {
        return ReadPlan.of(registers);
    }

    @Override
    public void close() {
        servers.forEach(ModbusSimulator::close);
    }
}
