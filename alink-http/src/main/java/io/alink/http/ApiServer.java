package io.alink.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.LoggerFactory;

/**
 * A JSON API on Jetty that slow and broken clients cannot stall: connections wait for their bytes without a thread,
 * an idle timeout cuts off a request line, header or body that stops arriving, the number of connections is
 * capped, and headers and bodies are bounded (431, 413). Every request is answered, malformed ones with 400 and a
 * closed connection. Routes answer at once or later, without a thread while they wait.
 *
 * <pre>{@code
 * try (ApiServer server = ApiServer.builder(new Routes().add("GET", "/api/devices", this::list)).start()) { ... }
 * }</pre>
 */
public final class ApiServer implements AutoCloseable {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    public static final int DEFAULT_MAX_HEADER_BYTES = 8 * 1024;
    public static final int DEFAULT_THREADS = 16;
    /** Jetty keeps one thread accepting and one selecting; fewer than two more would leave none for the routes. */
    private static final int MIN_THREADS = 4;

    /** Told of every answer a route or the server gave, for latency metrics. */
    @FunctionalInterface
    public interface Timing {
        /** @param route the route's template, or {@code unmatched} for a 404 or 405 */
        void record(String route, String method, int status, long nanos);
    }

    /** @param bearerToken null when every route is open */
    record Settings(String name, int maxBodyBytes, String bodyLimit, Duration idleTimeout,
            Function<Throwable, HttpError> refusals, Timing timing, BearerToken bearerToken) {
        /** The answer for an exception of the application's own, or null when it has none (a 500). */
        HttpError refusal(Throwable failure) {
            return refusals.apply(failure);
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final List<AutoCloseable> closing;

    private ApiServer(Server server, ServerConnector connector, List<AutoCloseable> closing) {
        this.server = server;
        this.connector = connector;
        this.closing = closing;
    }

    public static Builder builder(Routes routes) {
        return new Builder(routes);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://<bound address>:<port>}, the address as bound (a host name resolved). */
    public URI uri() {
        String host = ((ServerSocketChannel) connector.getTransport()).socket().getInetAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** The pool its connections take their buffers from. */
    ByteBufferPool buffers() {
        return server.getByteBufferPool();
    }

    /**
     * Closes what {@link Builder#closing} was given, then stops listening and drops open connections, calls still
     * waiting included.
     */
    @Override
    public void close() {
        closeAll(closing, e -> LoggerFactory.getLogger(ApiServer.class).warn("closing failed: {}", e.toString()));
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP server did not stop cleanly: " + e.getMessage(), e);
        }
    }

    private static void closeAll(List<AutoCloseable> resources, Consumer<Exception> failed) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                failed.accept(e);
            }
        }
    }

    public static final class Builder {
        private final Routes routes;
        private String host = "127.0.0.1";
        private int port;
        private String name = "http";
        private int threads = DEFAULT_THREADS;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
        private int maxBodyBytes = 1 << 20;
        private String bodyLimit = "1048576 bytes (1 MiB)";
        private Function<Throwable, HttpError> refusals = failure -> null;
        private Timing timing = (route, method, status, nanos) -> { };
        private BearerToken bearerToken;
        private final List<AutoCloseable> closing = new ArrayList<>();

        private Builder(Routes routes) {
            this.routes = Objects.requireNonNull(routes, "routes");
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** 0, the default, picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("a port is 0 to 65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /** Who serves, as the 500 answer points at its log ("see the emulator's log") and its threads are named. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder threads(int threads) {
            if (threads < MIN_THREADS) {
                throw new IllegalArgumentException("at least " + MIN_THREADS + " threads, not " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** How long a connection may send nothing, while its request line, headers or body are due, or between requests. */
        public Builder idleTimeout(Duration idleTimeout) {
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("the idle timeout must be positive, not " + idleTimeout);
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** Connections beyond this wait in the listen backlog until one closes. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = positive(maxConnections, "maxConnections");
            return this;
        }

        /** Request line and headers together; larger is answered 431. */
        public Builder maxHeaderBytes(int maxHeaderBytes) {
            this.maxHeaderBytes = positive(maxHeaderBytes, "maxHeaderBytes");
            return this;
        }

        /** Larger bodies are not read and {@link HttpCall#body()} answers 413; {@code inWords} explains the limit. */
        public Builder maxBodyBytes(int maxBodyBytes, String inWords) {
            this.maxBodyBytes = positive(maxBodyBytes, "maxBodyBytes");
            this.bodyLimit = maxBodyBytes + " bytes (" + inWords + ")";
            return this;
        }

        /** Answers a route's {@code type} exceptions with their status and message instead of 500. */
        public <E extends Exception> Builder refusal(Class<E> type, ToIntFunction<E> status) {
            this.refusals = failure -> type.isInstance(failure)
                    ? new HttpError(status.applyAsInt(type.cast(failure)), failure.getMessage()) : null;
            return this;
        }

        public Builder timing(Timing timing) {
            this.timing = Objects.requireNonNull(timing, "timing");
            return this;
        }

        /**
         * Every route but the {@code openRoutes} (templates, as added to the routes) answers 401 unless the request
         * carries {@code Authorization: Bearer <token>}, before its body is read. The token is in no answer or log.
         */
        public Builder bearerToken(String token, Set<String> openRoutes) {
            this.bearerToken = new BearerToken(token, openRoutes);
            return this;
        }

        /**
         * Closed when the server closes, before it stops (e.g. its {@link EventStreams}, so that they end cleanly),
         * or when it fails to start.
         */
        public Builder closing(AutoCloseable resource) {
            closing.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        /** @throws UncheckedIOException when it cannot listen on host and port */
        public ApiServer start() {
            String threadName = name.replace(' ', '-') + "-http";
            QueuedThreadPool pool = new QueuedThreadPool(threads, MIN_THREADS);
            pool.setName(threadName);
            // daemon threads, like the rest of the application's: a server left open must not keep the JVM alive
            pool.setDaemon(true);
            // Buffers are allocated, never pooled. Jetty 12.1.13 can put a connection's request buffer back in its
            // pool while that connection, closing after a malformed request, still fills it from a second thread:
            // the next connection handed the buffer then finds its own request there again and answers it twice
            // (SouthboundFuzzTest's finding, docs/fuzzing.md). On the heap, since a direct one is slow to allocate.
            Server server = new Server(pool, new ScheduledExecutorScheduler(threadName + "-timer", true),
                    ByteBufferPool.NON_POOLING);
            HttpConfiguration http = new HttpConfiguration();
            http.setUseInputDirectByteBuffers(false);
            http.setUseOutputDirectByteBuffers(false);
            http.setRequestHeaderSize(maxHeaderBytes);
            http.setSendServerVersion(false);
            // Jetty reuses a header seen earlier on the connection when a new one matches it ignoring case: a bearer
            // token differing from the real one in case only would pass as the real one
            http.setHeaderCacheCaseSensitive(true);
            // and that cache, a trie walked for every header line of every request, cost more of a keep-alive post's
            // time than it saved (docs/benchmarks.md, the daemon's durable path): off, so no header is ever reused
            http.setHeaderCacheSize(0);
            // RFC 9112 lets a server take a bare LF as a line end; where two parsers disagree on that, requests can
            // be smuggled past one of them. A real client sends CRLF, so a bare LF is a malformed request.
            http.setHttpCompliance(HttpCompliance.RFC9110.without("alink", HttpCompliance.Violation.LF_HEADER_TERMINATION,
                    HttpCompliance.Violation.LF_CHUNK_TERMINATION));
            // An encoded '/' or '%' in a name is a 404 of the route, not a 400 of the server's; an encoded control
            // character reaches the route too, whose 400 names the field and the rule it breaks.
            http.setUriCompliance(UriCompliance.DEFAULT.with("alink", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                    UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
                    UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS));
            ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
            connector.setHost(host);
            connector.setPort(port);
            connector.setIdleTimeout(idleTimeout.toMillis());
            server.addConnector(connector);
            server.addBean(new NetworkConnectionLimit(maxConnections, connector));
            server.setErrorHandler(new JsonErrorHandler(maxHeaderBytes));
            server.setHandler(new Dispatcher(routes,
                    new Settings(name, maxBodyBytes, bodyLimit, idleTimeout, refusals, timing, bearerToken)));
            try {
                server.start();
            } catch (Exception e) {
                stopAfterFailedStart(server, e);
                if (e instanceof IOException io) {
                    throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), io);
                }
                throw new IllegalStateException("the HTTP server did not start: " + e.getMessage(), e);
            }
            return new ApiServer(server, connector, List.copyOf(closing));
        }

        private void stopAfterFailedStart(Server server, Exception failure) {
            closeAll(closing, failure::addSuppressed);
            try {
                server.stop();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }

        private static int positive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, not " + value);
            }
            return value;
        }
    }
}
