package io.alink.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers what Jetty refuses before any route sees it (a malformed request line, chunk or header, headers over the
 * limit) with the same JSON error body as the routes. Jetty closes such a connection after the answer.
 */
final class JsonErrorHandler extends ErrorHandler {

    private final int maxHeaderBytes;

    JsonErrorHandler(int maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
            Callback callback) {
        String text;
        if (status == 431) {
            text = "the request's headers are larger than " + maxHeaderBytes + " bytes";
        } else if (status == 505) {
            // the client's fault, though a 5xx: a request line whose third word is no HTTP version it can speak
            text = "malformed request: the request line does not end in HTTP/1.1";
        } else if (status >= 500) {
            // Jetty's message may name its internals; the client has no use for them
            text = "internal error";
        } else {
            text = "malformed request: " + message;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpCall.JSON_TYPE);
        response.write(true, ByteBuffer.wrap(HttpCall.errorBody(status, text)), callback);
    }
}
