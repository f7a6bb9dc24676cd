package io.alink.bench;

import java.util.Set;

/** The field protocols scenario 6 measures, each with a {@link FieldBed} of its own. */
public enum FieldProtocol {
    MODBUS {
        @Override
        FieldBed bed(Sizes sizes) {
            return new ModbusFieldBed(sizes.field());
        }
    },
    OPCUA {
        @Override
        FieldBed bed(Sizes sizes) {
            return new OpcUaFieldBed(sizes.opcua());
        }
    };

    /** Both, as a full run measures them. */
    public static final Set<FieldProtocol> ALL = Set.of(MODBUS, OPCUA);

    /** The simulated field of this protocol, not started yet. */
    abstract FieldBed bed(Sizes sizes);
}
