package io.alink.daemon.connector.modbus;

/** The four Modbus data tables, as gateway.yaml names them. */
public enum Table {
    COIL("coil", true, true),
    DISCRETE("discrete", true, false),
    INPUT("input", false, false),
    HOLDING("holding", false, true);

    /** Modbus application protocol 1.1b3, 6.1 to 6.4: the most one read request may ask for. */
    private static final int MAX_BITS_PER_READ = 2000;
    private static final int MAX_REGISTERS_PER_READ = 125;

    private final String key;
    private final boolean bits;
    private final boolean writable;

    Table(String key, boolean bits, boolean writable) {
        this.key = key;
        this.bits = bits;
        this.writable = writable;
    }

    public String key() {
        return key;
    }

    /** One bit per address (coils, discrete inputs), rather than a 16-bit register. */
    public boolean isBits() {
        return bits;
    }

    /** Whether a master can write it: coils and holding registers; inputs are the device's to set. */
    public boolean isWritable() {
        return writable;
    }

    public int maxPerRead() {
        return bits ? MAX_BITS_PER_READ : MAX_REGISTERS_PER_READ;
    }
}
