package io.alink.daemon.connector.modbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges a device's properties into the fewest read requests the protocol allows: per table, neighbouring properties
 * share a request up to its limit (125 registers, 2,000 bits), across gaps of up to {@link #MAX_GAP_BYTES}.
 *
 * <p>A gap is read and thrown away when that is cheaper than another request. Another request costs a round trip
 * (on a serial line two 3.5-character silences and the device's turnaround as well) plus about 20 bytes of framing;
 * {@value #MAX_GAP_BYTES} bytes of unwanted data (16 registers, or 256 bits) cost less than that on any link.
 * A property is never split between requests.
 */
public final class ReadPlan {

    /** The widest gap read through, in bytes of response: 16 registers or 256 bits. */
    public static final int MAX_GAP_BYTES = 32;

    private ReadPlan() {
    }

    /** The blocks to read, tables in their order, each table's blocks by address. */
    public static List<ReadBlock> of(List<PropertyMapping> properties) {
        List<ReadBlock> blocks = new ArrayList<>();
        for (Table table : Table.values()) {
            List<PropertyMapping> sorted = properties.stream().filter(p -> p.table() == table)
                    .sorted(Comparator.comparingInt(PropertyMapping::address)).toList();
            merge(table, sorted, blocks);
        }
        return blocks;
    }

    private static void merge(Table table, List<PropertyMapping> sorted, List<ReadBlock> blocks) {
        int maxGap = table.isBits() ? MAX_GAP_BYTES * 8 : MAX_GAP_BYTES / 2;
        List<PropertyMapping> current = new ArrayList<>();
        int start = 0;
        int end = 0;
        for (PropertyMapping property : sorted) {
            boolean fits = !current.isEmpty() && property.address() - end <= maxGap
                    && Math.max(end, property.end()) - start <= table.maxPerRead();
            if (!fits) {
                if (!current.isEmpty()) {
                    blocks.add(new ReadBlock(table, start, end - start, current));
                }
                current = new ArrayList<>();
                start = property.address();
                end = start;
            }
            current.add(property);
            end = Math.max(end, property.end());
        }
        if (!current.isEmpty()) {
            blocks.add(new ReadBlock(table, start, end - start, current));
        }
    }
}
