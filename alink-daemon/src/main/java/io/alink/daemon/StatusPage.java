package io.alink.daemon;

import io.alink.daemon.connector.Schedulers;
import io.alink.http.EventStreams;
import io.alink.http.HttpCall;
import io.alink.http.Routes;
import io.alink.http.ServerSentEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's read-only status page at {@code GET /}, and its live feed {@code GET /v1/stream}: Server-Sent Events,
 * one {@code status} event with the whole {@link DaemonStatus} when a stream opens and whenever it changed. The page
 * itself holds no data, so it is open; the feed needs the southbound token when one is set.
 */
final class StatusPage implements AutoCloseable {
    /** Status pages open at once; each holds one connection of the southbound server's. */
    static final int MAX_STREAMS = 8;
    /** How often the status is compared with what the streams got last, while any is open. */
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);
    static final String PATH = "/";

    private final DaemonStatus status;
    private final EventStreams streams = new EventStreams("daemon-status", MAX_STREAMS);
    private final ScheduledExecutorService sampler = Schedulers.singleThread("alink-daemon-status");
    private String sent = "";

    StatusPage(DaemonStatus status) {
        this.status = status;
        sampler.scheduleWithFixedDelay(this::publishIfChanged, SAMPLE_EVERY.toMillis(), SAMPLE_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void register(Routes routes) {
        routes.addResource(PATH, StatusPage.class, "status.html", "text/html; charset=utf-8")
                .add("GET", "/v1/stream", this::stream);
    }

    private synchronized void stream(HttpCall call) {
        String now = status.snapshot().toString();
        publishIfNew(now);
        streams.open(call, List.of(event(now)));
    }

    private synchronized void publishIfChanged() {
        if (streams.openStreams() > 0) {
            publishIfNew(status.snapshot().toString());
        }
    }

    private void publishIfNew(String snapshot) {
        if (!snapshot.equals(sent)) {
            sent = snapshot;
            streams.publish(event(snapshot));
        }
    }

    private static ServerSentEvent event(String snapshot) {
        return new ServerSentEvent(null, "status", snapshot);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        streams.close();
    }
}
