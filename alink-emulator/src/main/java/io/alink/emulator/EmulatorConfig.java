package io.alink.emulator;

import io.alink.emulator.broker.BrokerSettings;
import io.alink.emulator.ota.FirmwareUrlSigner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything an emulator starts from. Immutable; build with {@link #builder()}. Port 0 picks a free port.
 * A null data folder keeps state in a temporary folder deleted on close (tests); the CLI always gives one.
 */
public final class EmulatorConfig {
    public static final int DEFAULT_MQTT_PORT = 1883;
    public static final int DEFAULT_HTTP_PORT = 8080;

    private final int mqttPort;
    private final int httpPort;
    private final int mqttTlsPort;
    private final Path tlsKeystore;
    private final String tlsKeystorePassword;
    private final Path dataDir;
    private final Limits limits;
    private final int maxPacketBytes;
    private final List<ProductConfig> products;
    private final int otaFilesPort;
    private final Duration otaUrlLifetime;

    private EmulatorConfig(Builder b) {
        this.mqttPort = b.mqttPort;
        this.httpPort = b.httpPort;
        this.mqttTlsPort = b.mqttTlsPort;
        this.tlsKeystore = b.tlsKeystore;
        this.tlsKeystorePassword = b.tlsKeystorePassword;
        this.dataDir = b.dataDir;
        this.limits = b.limits;
        this.maxPacketBytes = b.maxPacketBytes;
        this.products = List.copyOf(b.products);
        this.otaFilesPort = b.otaFilesPort;
        this.otaUrlLifetime = b.otaUrlLifetime;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.mqttPort = mqttPort;
        b.httpPort = httpPort;
        b.mqttTlsPort = mqttTlsPort;
        b.tlsKeystore = tlsKeystore;
        b.tlsKeystorePassword = tlsKeystorePassword;
        b.dataDir = dataDir;
        b.limits = limits;
        b.maxPacketBytes = maxPacketBytes;
        b.products.addAll(products);
        b.otaFilesPort = otaFilesPort;
        b.otaUrlLifetime = otaUrlLifetime;
        return b;
    }

    public int mqttPort() {
        return mqttPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** -1 when there is no TLS listener. */
    public int mqttTlsPort() {
        return mqttTlsPort;
    }

    public Path tlsKeystore() {
        return tlsKeystore;
    }

    public String tlsKeystorePassword() {
        return tlsKeystorePassword;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Limits limits() {
        return limits;
    }

    /** The largest MQTT packet a device may send; the broker closes the connection of one that sends a bigger one. */
    public int maxPacketBytes() {
        return maxPacketBytes;
    }

    public List<ProductConfig> products() {
        return products;
    }

    /** The port of the firmware file server (HTTPS with the TLS keystore, else HTTP); 0, the default, picks one. */
    public int otaFilesPort() {
        return otaFilesPort;
    }

    /** How long a firmware download URL in an upgrade notice is good for. */
    public Duration otaUrlLifetime() {
        return otaUrlLifetime;
    }

    @Override
    public String toString() {
        return "EmulatorConfig[mqttPort=" + mqttPort + ", httpPort=" + httpPort + ", mqttTlsPort=" + mqttTlsPort
                + ", dataDir=" + dataDir + ", limits=" + limits + ", products=" + products + "]";
    }

    public static final class Builder {
        private int mqttPort = DEFAULT_MQTT_PORT;
        private int httpPort = DEFAULT_HTTP_PORT;
        private int mqttTlsPort = -1;
        private Path tlsKeystore;
        private String tlsKeystorePassword;
        private Path dataDir;
        private Limits limits = Limits.PLATFORM;
        private int maxPacketBytes = BrokerSettings.DEFAULT_MAX_PACKET_BYTES;
        private final List<ProductConfig> products = new ArrayList<>();
        private int otaFilesPort;
        private Duration otaUrlLifetime = FirmwareUrlSigner.DEFAULT_LIFETIME;

        public Builder mqttPort(int port) {
            this.mqttPort = checkPort(port);
            return this;
        }

        public Builder httpPort(int port) {
            this.httpPort = checkPort(port);
            return this;
        }

        /** Adds a TLS listener on {@code port} (0 = free port) serving the certificate of the keystore. */
        public Builder mqttTls(int port, Path keystore, String keystorePassword) {
            this.mqttTlsPort = checkPort(port);
            this.tlsKeystore = Objects.requireNonNull(keystore, "keystore");
            this.tlsKeystorePassword = Objects.requireNonNull(keystorePassword, "keystorePassword");
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Tests of a message the platform answers by closing the connection set it low. */
        public Builder maxPacketBytes(int bytes) {
            this.maxPacketBytes = bytes;
            return this;
        }

        public Builder product(ProductConfig product) {
            this.products.add(Objects.requireNonNull(product, "product"));
            return this;
        }

        public Builder clearProducts() {
            this.products.clear();
            return this;
        }

        public Builder otaFilesPort(int port) {
            this.otaFilesPort = checkPort(port);
            return this;
        }

        /** Tests of an expired URL set it to zero. */
        public Builder otaUrlLifetime(Duration lifetime) {
            this.otaUrlLifetime = Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        public EmulatorConfig build() {
            return new EmulatorConfig(this);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, was " + port);
            }
            return port;
        }
    }
}
