package io.alink.http;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** An answer's body written in parts; Jetty takes one write at a time, so the caller waits for each to complete. */
final class StreamedBody {
    private final Request request;
    private final Response response;
    private final Callback callback;

    StreamedBody(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    /** Tells {@code onFailure} when the connection fails while the answer goes on (the client went, a timeout). */
    void onFailure(Consumer<Throwable> onFailure) {
        request.addFailureListener(onFailure);
    }

    void write(byte[] part, Callback written) {
        response.write(false, ByteBuffer.wrap(part), written);
    }

    /** Ends the answer; the connection is free for the next request or closes. */
    void end() {
        response.write(true, null, callback);
    }

    /** Gives up on the answer: the connection closes. */
    void abort(Throwable cause) {
        callback.failed(cause);
    }
}
