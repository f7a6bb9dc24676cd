package io.alink.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request's body whole, up to a limit, without holding a thread while it arrives: Jetty calls back when more
 * is there, and the route runs once the last byte is in. A body over the limit is kept in no memory: up to
 * {@link #DRAINED_AT_MOST} it is read and dropped before the route answers (413), and the connection stays usable;
 * beyond that (or a declared length beyond that) the route answers at once and the connection closes. A stalled body
 * ends with the idle timeout's failure.
 */
final class BodyReader implements Runnable {

    /**
     * The most of an oversized body read and dropped so that its 413 reaches the client. Closing a connection with
     * unread bytes in it makes the server's TCP stack send a reset, and a client still sending its body can lose the
     * 413 before it reads it (java.net.http then reports "header parser received no bytes"): seen under load with a
     * 300 KiB body. Bodies this large or larger are cut off, their answer at that risk, rather than read for nothing.
     */
    static final long DRAINED_AT_MOST = 8L << 20;

    private final Request request;
    private final HttpCall call;
    private final int maxBytes;
    private final Runnable route;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private long seen;

    private BodyReader(Request request, HttpCall call, int maxBytes, Runnable route) {
        this.request = request;
        this.call = call;
        this.maxBytes = maxBytes;
        this.route = route;
    }

    /** Gives {@code call} its body, or notes it was too large, then runs {@code route}; or answers a failed read. */
    static void read(Request request, HttpCall call, int maxBytes, Runnable route) {
        if (request.getLength() > Math.max(maxBytes, DRAINED_AT_MOST)) {
            call.receivedTooMuch();
            route.run();
            return;
        }
        new BodyReader(request, call, maxBytes, route).run();
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                call.receiveFailed(chunk.getFailure());
                return;
            }
            boolean last = chunk.isLast();
            ByteBuffer bytes = chunk.getByteBuffer();
            seen += bytes.remaining();
            boolean tooMuch = seen > maxBytes;
            if (tooMuch) {
                received.reset();
            } else {
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                received.writeBytes(copy);
            }
            chunk.release();
            if (seen > Math.max(maxBytes, DRAINED_AT_MOST)) {
                call.receivedTooMuch();
                route.run();
                return;
            }
            if (last) {
                if (!tooMuch) {
                    call.received(received.toByteArray());
                }
                // an oversized body read whole leaves the call without one: its body() answers 413
                route.run();
                return;
            }
        }
    }
}
