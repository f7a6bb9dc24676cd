package io.alink.daemon.connector.modbus;

import java.util.List;

/** One read request: {@code count} registers (or bits) of a table from {@code address}, and the properties in it. */
public record ReadBlock(Table table, int address, int count, List<PropertyMapping> properties) {

    public ReadBlock {
        properties = List.copyOf(properties);
    }
}
