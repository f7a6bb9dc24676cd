package io.alink.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;

/**
 * Reads and drops the rest of a body too large to take, after its 413 has been written, then ends the exchange.
 * Closing a connection with unread bytes in it makes the server's TCP stack send a reset, and a client still sending
 * its body can lose the answer to it (java.net.http then reports "header parser received no bytes"; seen under load
 * with a 300 KiB body). Dropped this way, the body costs no memory and the connection serves the next request.
 */
final class BodyDrain extends ContentLoop {

    /** The most of a body dropped: past it (or a declared length past it) the connection is closed instead. */
    static final long AT_MOST = 8L << 20;

    private final Callback exchange;
    private long dropped;

    private BodyDrain(Request request, Callback done) {
        super(request);
        this.exchange = done;
    }

    /** {@code done}, once the answer is written and the rest of the body dropped. */
    static Callback after(Request request, Callback done) {
        return Callback.from(() -> new BodyDrain(request, done).run(), done::failed);
    }

    @Override
    boolean take(ByteBuffer part, boolean last) {
        dropped += part.remaining();
        // past AT_MOST the exchange ends with the body unread, and Jetty closes the connection
        return last || dropped > AT_MOST;
    }

    @Override
    void done() {
        exchange.succeeded();
    }

    @Override
    void failed(Throwable failure) {
        exchange.failed(failure);
    }
}
