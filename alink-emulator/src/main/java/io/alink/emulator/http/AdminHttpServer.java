package io.alink.emulator.http;

import io.alink.emulator.AdminException;
import io.alink.emulator.EmulatorAdmin;
import io.alink.emulator.ota.OtaAdmin;
import io.alink.emulator.platform.PlatformEvents;
import io.alink.http.ApiServer;
import io.alink.http.Routes;
import java.util.Map;
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

    /** The console page's files, served at {@code /<name>} ({@code index.html} at {@code /}). */
    private static final Map<String, String> PAGE_FILES = Map.of("index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8", "console.css", "text/css; charset=utf-8",
            "ota.js", "text/javascript; charset=utf-8");

    private final ApiServer server;

    private AdminHttpServer(ApiServer server) {
        this.server = server;
    }

    /** Starts listening on {@code host:port} (port 0 picks a free one) and serving {@code admin}, with no events. */
    public static AdminHttpServer start(String host, int port, EmulatorAdmin admin) {
        return start(host, port, admin, null, new PlatformEvents());
    }

    /**
     * Starts serving {@code admin}, the console's view of the platform's {@code events}, and {@code ota} under
     * {@code /api/firmware} and {@code /api/ota} when it is not null.
     */
    public static AdminHttpServer start(String host, int port, EmulatorAdmin admin, OtaAdmin ota,
                                        PlatformEvents events) {
        Objects.requireNonNull(admin, "admin");
        Routes routes = new Routes();
        PAGE_FILES.forEach((name, type) ->
                routes.addResource(name.equals("index.html") ? "/" : "/" + name, AdminHttpServer.class, name, type));
        new AdminRoutes(admin).register(routes);
        if (ota != null) {
            new OtaRoutes(ota).register(routes);
        }
        ConsoleRoutes console = new ConsoleRoutes(events, device -> admin.deviceState()
                .map(state -> state.tags(device)).orElse(Map.of()));
        console.register(routes);
        new RegistrationRoute(admin).register(routes);
        admin.deviceState().ifPresent(state -> new DeviceStateRoutes(state).register(routes));
        ApiServer server = ApiServer.builder(routes).host(host).port(port).name("emulator")
                .maxBodyBytes(MAX_BODY_BYTES, "1 MiB")
                .refusal(AdminException.class, AdminException::status)
                .closing(console)
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
}
