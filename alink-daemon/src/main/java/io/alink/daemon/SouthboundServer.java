package io.alink.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the southbound API on the JDK's HTTP server. A few threads suffice: handlers never wait, a long poll or a
 * message waiting for its journal is answered later by whoever completes it. Whatever a request does wrong is
 * answered with a 4xx and the server goes on; a failure of the daemon's own is a 500 and a log line.
 */
final class SouthboundServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SouthboundServer.class);
    private static final int THREADS = 4;
    private static final int BACKLOG = 128;
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService threads;
    private final Routes routes;
    private final DaemonMetrics metrics;

    private SouthboundServer(HttpServer server, ExecutorService threads, Routes routes, DaemonMetrics metrics) {
        this.server = server;
        this.threads = threads;
        this.routes = routes;
        this.metrics = metrics;
    }

    /** Listens on {@code host:port} (0 picks a free port). @throws UncheckedIOException when it cannot listen */
    static SouthboundServer start(String host, int port, Routes routes, DaemonMetrics metrics) {
        // The JDK's server writes a response's headers and body separately: without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK add some 40 ms to every answer. The JDK reads this once, at its first server.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "alink-southbound-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        SouthboundServer southbound = new SouthboundServer(server, threads, routes, metrics);
        server.setExecutor(threads);
        server.createContext("/", southbound::dispatch);
        server.start();
        LOG.info("Southbound API listening on {}", southbound.uri());
        return southbound;
    }

    URI uri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort());
    }

    /** Stops listening and drops open connections, long polls included. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void dispatch(HttpExchange exchange) {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod();
        Routes.Resolution resolution = routes.resolve(method, exchange.getRequestURI().getRawPath());
        String route = resolution.template() != null ? resolution.template() : "unmatched";
        ApiCall call = new ApiCall(exchange, resolution.variables(),
                status -> metrics.request(route, method, status, System.nanoTime() - started));
        try {
            if (resolution.handler() != null) {
                resolution.handler().handle(call);
            } else if (!resolution.allowed().isEmpty()) {
                String allowed = String.join(", ", resolution.allowed());
                call.allow(allowed);
                call.error(405, method + " is not allowed here; use " + allowed);
            } else {
                call.error(404, "no such route: " + method + " " + exchange.getRequestURI().getRawPath());
            }
        } catch (ApiError e) {
            call.error(e.status(), e.getMessage());
        } catch (IOException e) {
            LOG.debug("Southbound request {} {} broke off: {}", method, exchange.getRequestURI().getRawPath(),
                    e.toString());
            exchange.close();
        } catch (RuntimeException e) {
            LOG.warn("Southbound request {} {} failed", method, exchange.getRequestURI().getRawPath(), e);
            call.error(500, "internal error; see the gateway daemon's log");
        }
    }
}
