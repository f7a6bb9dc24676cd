package io.alink.http;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;
import org.eclipse.jetty.util.Callback;

/**
 * One client's {@code text/event-stream}: frames queue while a write is under way and leave together in the next;
 * a client that lets more than {@link EventStreams#MAX_QUEUED_FRAMES} pile up is cut off (an EventSource reconnects
 * and asks for what it missed).
 */
final class EventStream {
    private final StreamedBody body;
    private final Consumer<EventStream> onEnd;
    private final Queue<byte[]> queued = new ArrayDeque<>();
    private boolean writing;
    private boolean ending;
    private boolean ended;

    EventStream(StreamedBody body, Consumer<EventStream> onEnd) {
        this.body = body;
        this.onEnd = onEnd;
        body.onFailure(this::fail);
    }

    synchronized void send(byte[] frame) {
        if (ended || ending) {
            return;
        }
        if (queued.size() >= EventStreams.MAX_QUEUED_FRAMES) {
            fail(new IllegalStateException("the client reads too slowly: " + queued.size() + " events wait"));
            return;
        }
        queued.add(frame);
        if (!writing) {
            writeQueued();
        }
    }

    /** Ends the answer once what is queued is written. */
    synchronized void end() {
        if (ended || ending) {
            return;
        }
        ending = true;
        if (!writing) {
            finish();
        }
    }

    private void writeQueued() {
        ByteArrayOutputStream parts = new ByteArrayOutputStream();
        for (byte[] frame = queued.poll(); frame != null; frame = queued.poll()) {
            parts.writeBytes(frame);
        }
        writing = true;
        // Jetty may complete the write on this very thread: the lock is reentrant, and the queue is empty by then
        body.write(parts.toByteArray(), Callback.from(this::written, this::fail));
    }

    private synchronized void written() {
        writing = false;
        if (ended) {
            return;
        }
        if (!queued.isEmpty()) {
            writeQueued();
        } else if (ending) {
            finish();
        }
    }

    private void finish() {
        ended = true;
        body.end();
        onEnd.accept(this);
    }

    private synchronized void fail(Throwable cause) {
        if (ended) {
            return;
        }
        ended = true;
        queued.clear();
        body.abort(cause);
        onEnd.accept(this);
    }
}
