package io.alink.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request's body whole, up to a limit, without holding a thread while it arrives: Jetty calls back when more
 * is there, and the route runs once the last byte is in. A body over the limit is not kept (a declared length over
 * it not read before the answer), so a large upload costs no memory ({@link BodyDrain} drops the rest after the
 * answer); a stalled one ends with the idle timeout's failure.
 */
final class BodyReader implements Runnable {

    private final Request request;
    private final HttpCall call;
    private final int maxBytes;
    private final Runnable route;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private BodyReader(Request request, HttpCall call, int maxBytes, Runnable route) {
        this.request = request;
        this.call = call;
        this.maxBytes = maxBytes;
        this.route = route;
    }

    /** Gives {@code call} its body, or notes it was too large, then runs {@code route}; or answers a failed read. */
    static void read(Request request, HttpCall call, int maxBytes, Runnable route) {
        if (request.getLength() > maxBytes) {
            // a client that asked to be told before it sends (Expect: 100-continue) is refused before it does
            call.receivedTooMuch(!HttpHeaderValue.CONTINUE.is(request.getHeaders().get(HttpHeader.EXPECT)));
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
            boolean tooMuch = received.size() + bytes.remaining() > maxBytes;
            if (!tooMuch) {
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                received.writeBytes(copy);
            }
            chunk.release();
            if (tooMuch) {
                call.receivedTooMuch(true);
                route.run();
                return;
            }
            if (last) {
                call.received(received.toByteArray());
                route.run();
                return;
            }
        }
    }
}
