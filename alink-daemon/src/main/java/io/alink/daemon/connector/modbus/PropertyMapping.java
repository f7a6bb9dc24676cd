package io.alink.daemon.connector.modbus;

/**
 * Where one property of a sub-device's thing model lives on its Modbus device, and how to read it: value = raw ×
 * scale + offset.
 *
 * @param length registers of a string; for other types what the type takes (1 for a bit)
 */
public record PropertyMapping(String identifier, Table table, int address, DataType type, int length,
                              Order byteOrder, Order wordOrder, double scale, double offset, boolean writable) {

    public PropertyMapping {
        if (table.isBits() && type != DataType.BOOL) {
            throw new IllegalArgumentException(identifier + ": a " + table.key() + " holds a bool only");
        }
        if (type != DataType.STRING) {
            length = table.isBits() ? 1 : type.registers();
        }
    }

    public static Builder builder(String identifier, Table table, int address, DataType type) {
        return new Builder(identifier, table, address, type);
    }

    /** Addresses it takes in its table: its registers, or one bit. */
    public int size() {
        return length;
    }

    /** The first address after it. */
    public int end() {
        return address + length;
    }

    boolean isScaled() {
        return scale != 1.0 || offset != 0.0;
    }

    /** For tests and the simulator: big byte and word order, no scaling, read-only unless said. */
    public static final class Builder {
        private final String identifier;
        private final Table table;
        private final int address;
        private final DataType type;
        private int length;
        private Order byteOrder = Order.BIG;
        private Order wordOrder = Order.BIG;
        private double scale = 1.0;
        private double offset;
        private boolean writable;

        private Builder(String identifier, Table table, int address, DataType type) {
            this.identifier = identifier;
            this.table = table;
            this.address = address;
            this.type = type;
        }

        public Builder length(int registers) {
            this.length = registers;
            return this;
        }

        public Builder byteOrder(Order order) {
            this.byteOrder = order;
            return this;
        }

        public Builder wordOrder(Order order) {
            this.wordOrder = order;
            return this;
        }

        public Builder scale(double scale, double offset) {
            this.scale = scale;
            this.offset = offset;
            return this;
        }

        public Builder writable(boolean writable) {
            this.writable = writable;
            return this;
        }

        public PropertyMapping build() {
            return new PropertyMapping(identifier, table, address, type, length, byteOrder, wordOrder, scale, offset,
                    writable);
        }
    }
}
