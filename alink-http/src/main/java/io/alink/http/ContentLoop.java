package io.alink.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request's body as Jetty hands it over, without holding a thread while none is there: Jetty calls back when
 * more arrives. Each part goes to {@link #take} until it says it has had enough or the last part has come.
 */
abstract class ContentLoop implements Runnable {

    private final Request request;

    ContentLoop(Request request) {
        this.request = request;
    }

    /** {@return whether reading is over} given the next part of the body, valid only during this call */
    abstract boolean take(ByteBuffer part, boolean last);

    /** Reading is over: {@link #take} said so. */
    abstract void done();

    /** The body could not be read: a malformed one, a stalled one, a vanished client. */
    abstract void failed(Throwable failure);

    @Override
    public final void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                failed(chunk.getFailure());
                return;
            }
            boolean over = take(chunk.getByteBuffer(), chunk.isLast());
            chunk.release();
            if (over) {
                done();
                return;
            }
        }
    }
}
