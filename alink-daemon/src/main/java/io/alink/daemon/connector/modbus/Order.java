package io.alink.daemon.connector.modbus;

/**
 * The order of the bytes in a register, or of the registers in a value: {@code big} (most significant first, as
 * Modbus itself sends them) or {@code little}. Big bytes with little words is the common "CDAB" float.
 */
public enum Order {
    BIG("big"),
    LITTLE("little");

    private final String key;

    Order(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
