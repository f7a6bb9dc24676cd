package io.alink.emulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.alink.emulator.AdminException;
import io.alink.emulator.EmulatorAdmin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's HTTP face: the admin REST API under {@code /api}, dynamic registration at
 * {@code /auth/register/device}, and a small status page at {@code /}. Built on the JDK's HTTP server so the
 * emulator brings no web framework. Requests run on a fixed pool of threads; calls that wait for a device do not
 * hold one while they wait.
 */
public final class AdminHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);
    private static final int THREADS = 8;
    private static final int BACKLOG = 64;

    private final HttpServer server;
    private final ExecutorService workers;
    private final Router router = new Router();
    private final byte[] page;
    private volatile boolean closed;

    private AdminHttpServer(HttpServer server, ExecutorService workers, EmulatorAdmin admin) {
        this.server = server;
        this.workers = workers;
        this.page = loadPage();
        router.route("GET", "/", call -> call.html(page));
        new AdminRoutes(admin, workers).register(router);
        new RegistrationRoute(admin).register(router);
    }

    /** Starts listening on {@code host:port} (port 0 picks a free one) and serving {@code admin}. */
    public static AdminHttpServer start(String host, int port, EmulatorAdmin admin) {
        Objects.requireNonNull(admin, "admin");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for HTTP on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService workers = Executors.newFixedThreadPool(THREADS, daemonThreads());
        AdminHttpServer http = new AdminHttpServer(server, workers, admin);
        server.setExecutor(workers);
        server.createContext("/", http::dispatch);
        server.start();
        LOG.info("Admin API listening on http://{}:{}", host, http.port());
        return http;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops at once: open connections are dropped, calls waiting for a device are abandoned. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch(HttpExchange exchange) {
        HttpCall call = null;
        try {
            Optional<Router.Match> match = router.match(exchange);
            if (match.isEmpty()) {
                call = new HttpCall(exchange, Map.of());
                call.error(404, "no such route: " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
                return;
            }
            call = new HttpCall(exchange, match.get().variables());
            if (match.get().handler() == null) {
                String allowed = String.join(", ", match.get().allowedMethods());
                call.allow(allowed);
                call.error(405, exchange.getRequestMethod() + " is not allowed here; use " + allowed);
                return;
            }
            match.get().handler().handle(call);
            if (!call.isAnswered() && !call.isDeferred()) {
                throw new IllegalStateException("route gave no answer: " + exchange.getRequestURI().getRawPath());
            }
        } catch (HttpError e) {
            answer(exchange, call, e.status(), e.getMessage());
        } catch (AdminException e) {
            answer(exchange, call, e.status(), e.getMessage());
        } catch (IOException e) {
            // The client went away mid-request: nothing to answer, nothing wrong with the emulator.
            LOG.debug("Admin API request {} {} broke off: {}", exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), e.toString());
            exchange.close();
        } catch (Exception e) {
            LOG.warn("Admin API request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
            answer(exchange, call, 500, "internal error; see the emulator's log");
        }
    }

    private static void answer(HttpExchange exchange, HttpCall call, int status, String message) {
        (call == null ? new HttpCall(exchange, Map.of()) : call).error(status, message);
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

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "alink-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
