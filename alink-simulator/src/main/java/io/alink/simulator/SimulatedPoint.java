package io.alink.simulator;

import io.alink.daemon.connector.modbus.PropertyMapping;

/**
 * One simulated property: where it lives, how it moves, and whether a master may write it. A written value stays:
 * the signal stops driving the point, as a setpoint written to a real device stays where it was put.
 */
public final class SimulatedPoint {

    private final PropertyMapping mapping;
    private final Signal signal;
    private final boolean writable;
    private volatile boolean held;

    public SimulatedPoint(PropertyMapping mapping, Signal signal, boolean writable) {
        this.mapping = mapping;
        this.signal = signal;
        this.writable = writable;
    }

    public PropertyMapping mapping() {
        return mapping;
    }

    Signal signal() {
        return signal;
    }

    boolean writable() {
        return writable;
    }

    /** Whether the point lies (in part) in {@code count} addresses from {@code address}. */
    boolean overlaps(int address, int count) {
        return mapping.address() < address + count && address < mapping.end();
    }

    boolean held() {
        return held;
    }

    void hold() {
        held = true;
    }
}
