package io.alink.emulator.broker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how the embedded broker listens. Port 0 picks a free port.
 *
 * @param tlsPort -1 for no TLS listener
 * @param tlsKeystore JKS or PKCS12 keystore holding the server key; its key must share the store password
 * @param maxPacketBytes largest MQTT packet a device may send; bigger ones close its connection
 */
public record BrokerSettings(String host, int port, int tlsPort, Path tlsKeystore, String tlsKeystorePassword,
                             int maxPacketBytes) {

    /** The platform's 1 MiB payload limit plus room for the topic and the packet header. */
    public static final int DEFAULT_MAX_PACKET_BYTES = 1024 * 1024 + 64 * 1024;
    public static final int NO_TLS = -1;
    /** The largest packet MQTT can encode. */
    private static final int MQTT_MAX_PACKET_BYTES = 268_435_460;

    public BrokerSettings {
        Objects.requireNonNull(host, "host");
        requirePort(port, "port");
        if (tlsPort != NO_TLS) {
            requirePort(tlsPort, "tlsPort");
            Objects.requireNonNull(tlsKeystore, "tlsKeystore is required for a TLS listener");
            Objects.requireNonNull(tlsKeystorePassword, "tlsKeystorePassword is required for a TLS listener");
            if (tlsPort == port && port != 0) {
                throw new IllegalArgumentException("port and tlsPort are both " + port);
            }
        }
        if (maxPacketBytes < 1 || maxPacketBytes > MQTT_MAX_PACKET_BYTES) {
            throw new IllegalArgumentException("maxPacketBytes out of range: " + maxPacketBytes);
        }
    }

    /** 127.0.0.1, a free port, no TLS, {@link #DEFAULT_MAX_PACKET_BYTES}. */
    public static BrokerSettings defaults() {
        return new BrokerSettings("127.0.0.1", 0, NO_TLS, null, null, DEFAULT_MAX_PACKET_BYTES);
    }

    public BrokerSettings withPort(int newPort) {
        return new BrokerSettings(host, newPort, tlsPort, tlsKeystore, tlsKeystorePassword, maxPacketBytes);
    }

    public BrokerSettings withTls(int newTlsPort, Path keystore, String keystorePassword) {
        return new BrokerSettings(host, port, newTlsPort, keystore, keystorePassword, maxPacketBytes);
    }

    public BrokerSettings withMaxPacketBytes(int newMaxPacketBytes) {
        return new BrokerSettings(host, port, tlsPort, tlsKeystore, tlsKeystorePassword, newMaxPacketBytes);
    }

    public boolean hasTls() {
        return tlsPort != NO_TLS;
    }

    private static void requirePort(int value, String name) {
        if (value < 0 || value > 65_535) {
            throw new IllegalArgumentException(name + " out of range: " + value);
        }
    }

    @Override
    public String toString() {
        return "BrokerSettings[host=" + host + ", port=" + port + ", tlsPort=" + tlsPort + ", tlsKeystore="
                + tlsKeystore + ", maxPacketBytes=" + maxPacketBytes + "]";
    }
}
