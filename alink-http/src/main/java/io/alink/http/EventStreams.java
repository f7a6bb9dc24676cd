package io.alink.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Server-Sent Events to at most a fixed number of clients at once, e.g. a console page's live view. A stream holds
 * no thread; a comment every {@link #HEARTBEAT} keeps proxies from closing a quiet stream and finds clients that
 * went away (their write fails). {@link #close()} ends every stream, before the server stops.
 *
 * <pre>{@code
 * EventStreams streams = new EventStreams("console", 8);
 * routes.add("GET", "/api/stream", call -> streams.open(call, List.of()));
 * streams.publish(new ServerSentEvent("42", "platform", json));
 * }</pre>
 */
public final class EventStreams implements AutoCloseable {
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Events that may wait for one slow client before its stream is cut off. */
    static final int MAX_QUEUED_FRAMES = 1000;
    private static final byte[] HEARTBEAT_FRAME = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);
    /** Sent at once, so the client sees the stream open; it reconnects after this many ms if the stream breaks. */
    private static final byte[] OPENING_FRAME = ": open\nretry: 2000\n\n".getBytes(StandardCharsets.UTF_8);

    private final int maxStreams;
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat;
    private boolean closed;

    /** @param name names the heartbeat thread; {@code maxStreams} more open at once are answered 503 */
    public EventStreams(String name, int maxStreams) {
        if (maxStreams <= 0) {
            throw new IllegalArgumentException("maxStreams must be positive, not " + maxStreams);
        }
        this.maxStreams = maxStreams;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name + "-event-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleAtFixedRate(() -> open.forEach(stream -> stream.send(HEARTBEAT_FRAME)),
                HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Answers the call with a stream that gets {@code backlog} first, then every event published from now on. Called
     * under the lock that publishing takes, nothing falls between the backlog and the live events.
     *
     * @throws HttpError 503 when the streams are all taken or the server is stopping
     */
    public synchronized void open(HttpCall call, List<ServerSentEvent> backlog) {
        if (closed) {
            throw new HttpError(503, "the server is stopping");
        }
        if (open.size() >= maxStreams) {
            throw new HttpError(503, "at most " + maxStreams + " event streams are open at once; close one");
        }
        EventStream stream = new EventStream(call.streamBody("text/event-stream; charset=utf-8"), open::remove);
        open.add(stream);
        stream.send(OPENING_FRAME);
        backlog.forEach(event -> stream.send(event.frame()));
    }

    /** Sends the event to every open stream; never waits for a client. */
    public void publish(ServerSentEvent event) {
        byte[] frame = event.frame();
        open.forEach(stream -> stream.send(frame));
    }

    public int openStreams() {
        return open.size();
    }

    /** Ends every stream (what is queued is still written) and refuses new ones. */
    @Override
    public synchronized void close() {
        closed = true;
        heartbeat.shutdownNow();
        List.copyOf(open).forEach(EventStream::end);
    }
}
