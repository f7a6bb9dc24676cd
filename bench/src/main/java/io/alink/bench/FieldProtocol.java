package io.alink.bench;

import java.util.Set;

/** The field protocols scenario 6 measures, each with a {@link FieldBed} of its own. */
public enum FieldProtocol {
    MODBUS, OPCUA;

    /** Both, as a full run measures them. */
    public static final Set<FieldProtocol> ALL = Set.of(MODBUS, OPCUA);
}
