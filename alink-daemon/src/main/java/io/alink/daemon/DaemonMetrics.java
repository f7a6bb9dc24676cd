package io.alink.daemon;

import io.alink.gateway.GatewayClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What {@code GET /metrics} shows, in Prometheus text format or OpenMetrics: the gateway's numbers beside the JVM's
 * and the process's. The gateway's are read from the client at scrape time rather than copied into meters as they
 * change, so they cannot drift from what the client knows.
 */
final class DaemonMetrics implements AutoCloseable {

    /** A scrape's text and the content type that names its format. */
    record Scrape(String contentType, String text) {
    }

    private static final String OPENMETRICS = "application/openmetrics-text";
    /**
     * The content types of the registry's two text writers, which pick themselves by these (the exposition library
     * is only the registry's runtime dependency, so its constants are not at hand here).
     */
    private static final String OPENMETRICS_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Latency buckets from a journaled post (milliseconds) up to the longest long poll (a minute). */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5),
        Duration.ofMillis(25), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(2500),
        Duration.ofSeconds(10), Duration.ofSeconds(60)};

    /** A request timer's labels. */
    private record TimerKey(String route, String method, int status) {
    }

    /**
     * The request timers met so far: building a meter's id and looking it up in the registry costs more than the
     * southbound API's whole handling of a journaled post, so each is built once (the label set is small).
     */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    DaemonMetrics(GatewayClient client, SubDevices devices) {
        Gauge.builder("alink.gateway.connected", client, c -> c.isConnected() ? 1 : 0)
                .description("1 while the MQTT connection to the platform is up, else 0").register(registry);
        FunctionCounter.builder("alink.gateway.reconnects", client, GatewayClient::reconnects)
                .description("Reconnections to the platform since the daemon started").register(registry);
        FunctionCounter.builder("alink.gateway.messages.sent", client, c -> c.outboxStats().sentMessages())
                .description("QoS 1 messages the platform acknowledged").register(registry);
        Gauge.builder("alink.gateway.messages.queued", client, c -> c.outboxStats().queuedMessages())
                .description("Messages journaled in the outbox, waiting for the platform's acknowledgement")
                .register(registry);
        Gauge.builder("alink.gateway.outbox.bytes", client, c -> c.outboxStats().queuedBytes())
                .description("Bytes held by the outbox (payloads and topics)").register(registry);
        FunctionCounter.builder("alink.gateway.messages.dropped", client, c -> c.outboxStats().droppedMessages())
                .description("Messages dropped unsent because the outbox was full or they were too old")
                .register(registry);
        Gauge.builder("alink.gateway.messages.dead.letters", client, c -> c.outboxStats().deadLetters())
                .description("Messages given up after failed sends, held in the outbox's dead letters")
                .register(registry);
        Gauge.builder("alink.gateway.subdevices.online", client, c -> c.isConnected() ? c.loggedIn().size() : 0)
                .description("Sub-devices logged in through the gateway").register(registry);
        Gauge.builder("alink.gateway.subdevices.configured", devices, SubDevices::size)
                .description("Sub-devices in the configuration file").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** Times one southbound request; {@code route} is its path template, so the label set stays small. */
    void request(String route, String method, int status, long nanos) {
        timers.computeIfAbsent(new TimerKey(route, method, status), key -> Timer.builder("alink.southbound.requests")
                .description("Southbound API requests, by route, method and status")
                .tags("route", key.route(), "method", key.method(), "status", Integer.toString(key.status()))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Where the field connectors register their meters, so that {@code /metrics} shows them too. */
    MeterRegistry registry() {
        return registry;
    }

    /** OpenMetrics when {@code accept} (the scraper's Accept header) names it, as Prometheus asks; else text 0.0.4. */
    Scrape scrape(String accept) {
        String contentType = accept.contains(OPENMETRICS) ? OPENMETRICS_TYPE : PROMETHEUS_TYPE;
        return new Scrape(contentType, registry.scrape(contentType));
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
