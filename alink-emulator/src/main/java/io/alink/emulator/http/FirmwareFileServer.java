package io.alink.emulator.http;

import io.alink.emulator.ota.DownloadUrls;
import io.alink.emulator.ota.FirmwareUrlSigner;
import io.alink.emulator.store.OtaStore;
import io.alink.protocol.DeviceId;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves firmware files at {@code /ota/files/{firmwareId}} to whoever holds a signed URL ({@link FirmwareUrlSigner}),
 * as the platform's storage does. Over HTTPS with the emulator's TLS certificate (the one of MQTT over TLS) when it
 * has one, so that a device checks the file server as it checks the broker; over plain HTTP on loopback when not.
 * A server of its own: files are streamed from disk with ranges, which the JSON admin API does not do.
 */
public final class FirmwareFileServer implements AutoCloseable, DownloadUrls {
    private static final Logger LOG = LoggerFactory.getLogger(FirmwareFileServer.class);
    private static final int THREADS = 8;
    private static final long IDLE_TIMEOUT_MILLIS = 30_000;

    private final Server server;
    private final ServerConnector connector;
    private final FirmwareUrlSigner signer;
    private final boolean https;

    private FirmwareFileServer(Server server, ServerConnector connector, FirmwareUrlSigner signer, boolean https) {
        this.server = server;
        this.connector = connector;
        this.signer = signer;
        this.https = https;
    }

    /**
     * Starts listening on {@code 127.0.0.1:port} (0 picks a free port).
     *
     * @param keystore the TLS identity, or null for plain HTTP
     */
    public static FirmwareFileServer start(int port, OtaStore store, FirmwareUrlSigner signer, Path keystore,
                                           String keystorePassword) {
        QueuedThreadPool pool = new QueuedThreadPool(THREADS, 2);
        pool.setName("emulator-ota-files");
        pool.setDaemon(true);
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector;
        if (keystore != null) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(keystore.toString());
            tls.setKeyStorePassword(keystorePassword);
            connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        }
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);
        server.setHandler(new FirmwareDownloads(store, signer));
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception stop) {
                e.addSuppressed(stop);
            }
            throw new IllegalStateException("the firmware file server did not start: " + e.getMessage(), e);
        }
        FirmwareFileServer files = new FirmwareFileServer(server, connector, signer, keystore != null);
        LOG.info("Firmware files served on {}", files.uri());
        return files;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code https://127.0.0.1:<port>}, or {@code http://} without a TLS identity. */
    public URI uri() {
        return URI.create((https ? "https" : "http") + "://127.0.0.1:" + port());
    }

    @Override
    public String url(long firmwareId, DeviceId device) {
        FirmwareUrlSigner.SignedQuery query = signer.sign(firmwareId, device);
        return uri() + FirmwareDownloads.PATH_PREFIX + firmwareId + "?device="
                + URLEncoder.encode(query.device(), StandardCharsets.UTF_8) + "&expires=" + query.expires()
                + "&signature=" + query.signature();
    }

    /** Stops at once: downloads under way are cut off (a device resumes them with a range request). */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the firmware file server did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
