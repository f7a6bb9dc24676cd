package io.alink.emulator.http;

import io.alink.emulator.AdminException;
import io.alink.emulator.EmulatorAdmin;
import io.alink.http.ApiServer;
import io.alink.http.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's HTTP face: the admin REST API under {@code /api}, dynamic registration at
 * {@code /auth/register/device}, and a small status page at {@code /}. Calls that wait for a device hold no thread
 * while they wait; slow or broken clients are cut off by the server's timeouts and limits.
 */
public final class AdminHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);
    static final int MAX_BODY_BYTES = 1 << 20;

    private final ApiServer server;

    private AdminHttpServer(ApiServer server) {
        this.server = server;
    }

    /** Starts listening on {@code host:port} (port 0 picks a free one) and serving {@code admin}. */
    public static AdminHttpServer start(String host, int port, EmulatorAdmin admin) {
        Objects.requireNonNull(admin, "admin");
        byte[] page = loadPage();
        Routes routes = new Routes().add("GET", "/", call -> call.send(200, "text/html; charset=utf-8", page));
        new AdminRoutes(admin).register(routes);
        new RrpcRoutes(admin).register(routes);
        new LifecycleRoutes(admin).register(routes);
        new RegistrationRoute(admin).register(routes);
        ApiServer server = ApiServer.builder(routes).host(host).port(port).name("emulator")
                .maxBodyBytes(MAX_BODY_BYTES, "1 MiB")
                .refusal(AdminException.class, AdminException::status)
                .start();
        LOG.info("Admin API listening on http://{}:{}", host, server.port());
        return new AdminHttpServer(server);
    }

    public int port() {
        return server.port();
    }

    /** Stops at once: open connections are dropped, calls waiting for a device are abandoned. */
    @Override
    public void close() {
        server.close();
    }

    private static byte[] loadPage() {
        try (InputStream in = AdminHttpServer.class.getResourceAsStream("index.html")) {
            if (in == null) {
                throw new IllegalStateException("index.html is missing from the emulator's resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
