package io.alink.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.DoublePredicate;

/** The daemon's {@code GET /metrics} (Prometheus text format), one gauge or counter at a time. */
final class DaemonMetricsView {

    static final String QUEUED = "alink_gateway_messages_queued";
    static final String RECONNECTS = "alink_gateway_reconnects_total";
    static final String ONLINE = "alink_gateway_subdevices_online";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(250);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI metrics;

    DaemonMetricsView(URI southbound) {
        this.metrics = southbound.resolve("/metrics");
    }

    /** The value of the unlabelled series {@code name}. */
    double value(String name) {
        String text;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + metrics + " answered " + response.statusCode());
            }
            text = response.body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + metrics + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return text.lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(name.length() + 1).trim()))
                .orElseThrow(() -> new IllegalStateException("GET " + metrics + " has no " + name));
    }

    /** Waits until {@code name}'s value passes {@code test}; false if it did not within {@code timeout}. */
    boolean awaitValue(String name, DoublePredicate test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!test.test(value(name))) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
        return true;
    }
}
