package io.alink.daemon.connector.modbus;

import com.fazecast.jSerialComm.SerialPort;

/** A serial line for Modbus RTU: the port's path and its framing. */
public record SerialSettings(String port, int baudRate, int dataBits, Parity parity, int stopBits) {

    /** 9600 baud, 8 data bits, no parity, 1 stop bit: the common default of Modbus devices. */
    public static SerialSettings of(String port) {
        return new SerialSettings(port, 9600, 8, Parity.NONE, 1);
    }

    /** The parity as jSerialComm's constant. */
    public int serialPortParity() {
        return switch (parity) {
            case NONE -> SerialPort.NO_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
        };
    }

    /** The stop bits as jSerialComm's constant. */
    public int serialPortStopBits() {
        return stopBits == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
    }

    /** As gateway.yaml names them. */
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
