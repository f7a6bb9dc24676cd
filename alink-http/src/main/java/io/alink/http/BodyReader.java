package io.alink.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request's body whole, up to a limit, without holding a thread while it arrives: Jetty calls back when more
 * is there, and the route runs once the last byte is in. A body over the limit is not kept (a declared length over
 * it not read before the answer), so a large upload costs no memory ({@link BodyDrain} drops the rest after the
 * answer); a stalled one ends with the idle timeout's failure.
 */
final class BodyReader extends ContentLoop {

    private final HttpCall call;
    private final int maxBytes;
    private final Runnable route;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean tooMuch;

    private BodyReader(Request request, HttpCall call, int maxBytes, Runnable route) {
        super(request);
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
    boolean take(ByteBuffer part, boolean last) {
        tooMuch = received.size() + part.remaining() > maxBytes;
        if (!tooMuch) {
            byte[] copy = new byte[part.remaining()];
            part.get(copy);
            received.writeBytes(copy);
        }
        return tooMuch || last;
    }

    @Override
    void done() {
        if (tooMuch) {
            call.receivedTooMuch(true);
        } else {
            call.received(received.toByteArray());
        }
        route.run();
    }

    @Override
    void failed(Throwable failure) {
        call.receiveFailed(failure);
    }
}
