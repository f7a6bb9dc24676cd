package io.alink.simulator;

import com.digitalpetri.modbus.ExceptionCode;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.server.ProcessImage;
import io.alink.daemon.connector.modbus.PropertyMapping;
import io.alink.daemon.connector.modbus.Table;
import io.alink.daemon.connector.modbus.ValueCodec;
import io.alink.daemon.connector.modbus.ValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One simulated device: its registers (the library's process image) and the points that drive them. */
final class SimulatedUnit {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedUnit.class);

    private final int unitId;
    private final ProcessImage image = new ProcessImage();
    private final List<SimulatedPoint> points;
    /** Points whose signal gave a value their type cannot hold: left where they were, said once. */
    private final Set<String> stuck = ConcurrentHashMap.newKeySet();

    SimulatedUnit(int unitId, List<SimulatedPoint> points) {
        this.unitId = unitId;
        this.points = List.copyOf(points);
    }

    ProcessImage image() {
        return image;
    }

    /**
     * Moves every point not held by a write to its signal's value, all in one transaction. The registers go in one
     * write per table: each write takes the table's lock and tracks its changes, which cost more, one per point,
     * than the values themselves.
     */
    void tick(long tick, long elapsedMillis) {
        image.with(transaction -> {
            List<Registers> holding = new ArrayList<>(points.size());
            List<Registers> input = new ArrayList<>();
            for (SimulatedPoint point : points) {
                if (point.held()) {
                    continue;
                }
                Object value = point.signal().valueAt(tick, elapsedMillis);
                PropertyMapping mapping = point.mapping();
                if (mapping.table().isBits()) {
                    write(transaction, point, value);
                } else {
                    encode(mapping, value).ifPresent((mapping.table() == Table.INPUT ? input : holding)::add);
                }
            }
            if (!holding.isEmpty()) {
                transaction.writeHoldingRegisters(registers -> holding.forEach(r -> r.putInto(registers)));
            }
            if (!input.isEmpty()) {
                transaction.writeInputRegisters(registers -> input.forEach(r -> r.putInto(registers)));
            }
        });
    }

    /** A property's registers as they are to be written. */
    private record Registers(PropertyMapping mapping, byte[] bytes) {
        void putInto(Map<Integer, byte[]> registers) {
            put(registers, mapping, bytes);
        }
    }

    /** Sets a point's value as a write from a master would, and holds it there. */
    void set(String identifier, Object value) {
        SimulatedPoint point = point(identifier);
        point.hold();
        image.with(transaction -> write(transaction, point, value));
    }

    /** A point's value as its registers hold it now. */
    Object value(String identifier) throws ValueException {
        PropertyMapping mapping = point(identifier).mapping();
        int address = mapping.address();
        return switch (mapping.table()) {
            case COIL -> ValueCodec.decodeBit(image.get(t -> t.readCoils(coils -> coils.getOrDefault(address, false))));
            case DISCRETE -> ValueCodec.decodeBit(image.get(t -> t.readDiscreteInputs(
                    inputs -> inputs.getOrDefault(address, false))));
            case INPUT -> ValueCodec.decode(mapping, image.get(t -> t.readInputRegisters(r -> bytes(r, mapping))), 0);
            case HOLDING -> ValueCodec.decode(mapping, image.get(t -> t.readHoldingRegisters(
                    r -> bytes(r, mapping))), 0);
        };
    }

    /**
     * Checks a master's write of {@code count} addresses of {@code table} from {@code address}: refused with
     * exception code 2 (illegal data address) when it touches a point that is not writable, as a device refuses a
     * write to a read-only register. The points it touches are held from then on.
     */
    void acceptWrite(int functionCode, Table table, int address, int count) throws ModbusResponseException {
        List<SimulatedPoint> touched = points.stream()
                .filter(point -> point.mapping().table() == table && point.overlaps(address, count)).toList();
        if (touched.stream().anyMatch(point -> !point.writable())) {
            throw new ModbusResponseException(functionCode, ExceptionCode.ILLEGAL_DATA_ADDRESS.getCode());
        }
        touched.forEach(SimulatedPoint::hold);
    }

    private SimulatedPoint point(String identifier) {
        return points.stream().filter(point -> point.mapping().identifier().equals(identifier)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("unit " + unitId + " has no property " + identifier));
    }

    private void write(ProcessImage.Transaction transaction, SimulatedPoint point, Object value) {
        PropertyMapping mapping = point.mapping();
        if (!mapping.table().isBits()) {
            encode(mapping, value).ifPresent(registers -> {
                if (mapping.table() == Table.INPUT) {
                    transaction.writeInputRegisters(registers::putInto);
                } else {
                    transaction.writeHoldingRegisters(registers::putInto);
                }
            });
            return;
        }
        try {
            boolean bit = ValueCodec.encodeBit(mapping, value);
            if (mapping.table() == Table.COIL) {
                transaction.writeCoils(coils -> coils.put(mapping.address(), bit));
            } else {
                transaction.writeDiscreteInputs(inputs -> inputs.put(mapping.address(), bit));
            }
        } catch (ValueException e) {
            stuck(mapping, e);
        }
    }

    /** {@code value} in a register property's registers; empty when its type cannot hold it. */
    private Optional<Registers> encode(PropertyMapping mapping, Object value) {
        try {
            return Optional.of(new Registers(mapping, ValueCodec.encode(mapping, value)));
        } catch (ValueException e) {
            stuck(mapping, e);
            return Optional.empty();
        }
    }

    private void stuck(PropertyMapping mapping, ValueException e) {
        if (stuck.add(mapping.identifier())) {
            LOG.warn("Unit {}: {}; the property keeps its last value", unitId, e.getMessage());
        }
    }

    private static void put(Map<Integer, byte[]> registers, PropertyMapping mapping, byte[] bytes) {
        for (int i = 0; i < mapping.size(); i++) {
            registers.put(mapping.address() + i, new byte[] {bytes[2 * i], bytes[2 * i + 1]});
        }
    }

    private static byte[] bytes(Map<Integer, byte[]> registers, PropertyMapping mapping) {
        byte[] bytes = new byte[mapping.size() * 2];
        for (int i = 0; i < mapping.size(); i++) {
            byte[] register = Optional.ofNullable(registers.get(mapping.address() + i)).orElse(new byte[2]);
            bytes[2 * i] = register[0];
            bytes[2 * i + 1] = register[1];
        }
        return bytes;
    }
}
