package io.alink.daemon.connector.modbus;

/** How a property's registers (or bit) are read as a value, as gateway.yaml names the types. */
public enum DataType {
    BOOL("bool", 1, 0, 1),
    INT16("int16", 1, Short.MIN_VALUE, Short.MAX_VALUE),
    UINT16("uint16", 1, 0, 0xFFFF),
    INT32("int32", 2, Integer.MIN_VALUE, Integer.MAX_VALUE),
    UINT32("uint32", 2, 0, 0xFFFF_FFFFL),
    INT64("int64", 4, Long.MIN_VALUE, Long.MAX_VALUE),
    FLOAT32("float32", 2, 0, 0),
    FLOAT64("float64", 4, 0, 0),
    /** Characters, two per register; its length in registers is configured. */
    STRING("string", 0, 0, 0);

    private final String key;
    private final int registers;
    private final long min;
    private final long max;

    DataType(String key, int registers, long min, long max) {
        this.key = key;
        this.registers = registers;
        this.min = min;
        this.max = max;
    }

    public String key() {
        return key;
    }

    /** Registers a value takes; 0 for a string, whose length is configured. */
    public int registers() {
        return registers;
    }

    public boolean isInteger() {
        return this != BOOL && this != FLOAT32 && this != FLOAT64 && this != STRING;
    }

    public boolean isNumber() {
        return isInteger() || this == FLOAT32 || this == FLOAT64;
    }

    /** The smallest raw value of an integer type. */
    long min() {
        return min;
    }

    /** The largest raw value of an integer type. */
    long max() {
        return max;
    }
}
