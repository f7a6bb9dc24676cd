package io.alink.daemon.connector.modbus;

/** A serial line for Modbus RTU: the port's path and its framing. */
public record SerialSettings(String port, int baudRate, int dataBits, Parity parity, int stopBits) {

    /** As gateway.yaml names them; the ordinal is jSerialComm's constant (NO_PARITY 0, ODD_PARITY 1, EVEN_PARITY 2). */
    public enum Parity {
        NONE("none"), ODD("odd"), EVEN("even");

        private final String key;

        Parity(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
