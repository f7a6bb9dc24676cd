package io.alink.emulator;

import io.alink.emulator.broker.BrokerSettings;
import io.alink.emulator.broker.EmbeddedBroker;
import io.alink.emulator.http.AdminHttpServer;
import io.alink.emulator.http.FirmwareFileServer;
import io.alink.emulator.ota.FirmwareUrlSigner;
import io.alink.emulator.ota.OtaAdmin;
import io.alink.emulator.platform.Platform;
import io.alink.emulator.platform.PlatformAdmin;
import io.alink.emulator.store.PlatformStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * The Alibaba Cloud IoT Platform, gateway-facing side, on loopback: an embedded MQTT broker with the platform's
 * authentication, permissions and request handling, an admin REST API, and state persisted in a data folder.
 *
 * <pre>{@code
 * try (Emulator emulator = Emulator.start(EmulatorConfig.builder().mqttPort(0).httpPort(0).product(...).build())) {
 *     int port = emulator.mqttPort();
 * }
 * }</pre>
 */
public final class Emulator implements AutoCloseable {

    private final PlatformStore store;
    private final EmbeddedBroker broker;
    private final AdminHttpServer http;
    private final FirmwareFileServer files;
    private final PlatformAdmin admin;
    private final OtaAdmin ota;
    private final Path temporaryDataDir;

    private Emulator(PlatformStore store, EmbeddedBroker broker, AdminHttpServer http, FirmwareFileServer files,
                     PlatformAdmin admin, OtaAdmin ota, Path temporaryDataDir) {
        this.store = store;
        this.broker = broker;
        this.http = http;
        this.files = files;
        this.admin = admin;
        this.ota = ota;
        this.temporaryDataDir = temporaryDataDir;
    }

    /** Starts everything on 127.0.0.1 and returns once devices can connect. */
    public static Emulator start(EmulatorConfig config) {
        Path temporary = config.dataDir() == null ? createTemporaryDataDir() : null;
        Path dataDir = temporary != null ? temporary : config.dataDir();
        PlatformStore store = new PlatformStore(dataDir, config.limits().messageLogSize(),
                config.limits().messageLogBytes());
        EmbeddedBroker broker = null;
        FirmwareFileServer files = null;
        try {
            boolean tls = config.mqttTlsPort() >= 0;
            files = FirmwareFileServer.start(config.otaFilesPort(), store.ota(),
                    new FirmwareUrlSigner(config.otaUrlLifetime(), Clock.systemUTC()),
                    tls ? config.tlsKeystore() : null, tls ? config.tlsKeystorePassword() : null);
            Platform platform = new Platform(config.limits(), store, config.products(), files);
            BrokerSettings settings = BrokerSettings.defaults().withPort(config.mqttPort())
                    .withMaxPacketBytes(config.maxPacketBytes());
            if (config.mqttTlsPort() >= 0) {
                settings = settings.withTls(config.mqttTlsPort(), config.tlsKeystore(), config.tlsKeystorePassword());
            }
            broker = EmbeddedBroker.start(settings, platform);
            platform.attach(broker);
            PlatformAdmin admin = platform.admin();
            AdminHttpServer http = AdminHttpServer.start("127.0.0.1", config.httpPort(), admin, platform.ota(),
                    platform.events());
            platform.deviceStates().httpBase("http://127.0.0.1:" + http.port());
            return new Emulator(store, broker, http, files, admin, platform.ota(), temporary);
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            if (files != null) {
                files.close();
            }
            store.close();
            deleteQuietly(temporary);
            throw e;
        }
    }

    public int mqttPort() {
        return broker.port();
    }

    public OptionalInt mqttTlsPort() {
        return broker.tlsPort();
    }

    public int httpPort() {
        return http.port();
    }

    /** {@code tcp://127.0.0.1:<port>} */
    public String mqttUri() {
        return "tcp://127.0.0.1:" + mqttPort();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String httpUri() {
        return "http://127.0.0.1:" + httpPort();
    }

    public PlatformAdmin admin() {
        return admin;
    }

    /** Firmware packages and upgrade jobs, as {@code /api/firmware} and {@code /api/ota/jobs} serve them. */
    public OtaAdmin ota() {
        return ota;
    }

    /** Where firmware files are downloaded from: {@code https://127.0.0.1:<port>} with a TLS keystore, else http. */
    public URI otaFilesUri() {
        return files.uri();
    }

    /** Stops the admin API and the broker, closing every connection, and closes the data folder. */
    @Override
    public void close() {
        close(broker::close);
    }

    /**
     * {@link #close()} for a process that exits next: the broker's connections are closed, and the data folder after
     * them, without waiting for the broker's threads to end (2 s more), which the exit ends.
     */
    public void closeBeforeExit() {
        close(broker::closeBeforeExit);
    }

    private void close(Runnable brokerStop) {
        try {
            try {
                http.close();
            } finally {
                files.close();
            }
        } finally {
            try {
                brokerStop.run();
            } finally {
                store.close();
                deleteQuietly(temporaryDataDir);
            }
        }
    }

    private static Path createTemporaryDataDir() {
        try {
            return Files.createTempDirectory("alink-emulator-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data folder", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
