package io.alink.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.alink.protocol.AlinkJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * One southbound request as a handler sees it: path values, query, a JSON body of bounded size, and one answer,
 * given at once or later from another thread (a long poll, a message waiting for its journal). The first answer wins;
 * each answer is reported to {@code answered} with its status, for the latency metric.
 */
final class ApiCall {

    /** The platform takes no message body larger than 256 KB, so no request body needs to be larger. */
    static final int MAX_BODY_BYTES = 256 * 1024;
    /**
     * How much of an oversized body is read and thrown away before answering 413: a socket closed on unread input is
     * reset, and the client would see a broken connection instead of the answer.
     */
    private static final int MAX_DISCARDED_BYTES = 4 * MAX_BODY_BYTES;

    private final HttpExchange exchange;
    private final Map<String, String> variables;
    private final IntConsumer answered;
    private final AtomicBoolean done = new AtomicBoolean();

    ApiCall(HttpExchange exchange, Map<String, String> variables, IntConsumer answered) {
        this.exchange = exchange;
        this.variables = variables;
        this.answered = answered;
    }

    /** A path value, percent-decoded; a '+' in a path is a plus sign (only in a form does it stand for a space). */
    String variable(String name) {
        return decode(variables.get(name).replace("+", "%2B"));
    }

    /** A query parameter's value; an empty one counts as absent. */
    Optional<String> query(String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return Optional.empty();
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (decode(key).equals(name)) {
                return Optional.of(eq < 0 ? "" : decode(pair.substring(eq + 1))).filter(v -> !v.isEmpty());
            }
        }
        return Optional.empty();
    }

    /** The body as a JSON object: 400 when it is not one, 413 when it is larger than {@value #MAX_BODY_BYTES} bytes. */
    ObjectNode jsonObject() throws IOException {
        byte[] body = body();
        JsonNode json;
        try {
            json = body.length == 0 ? null : AlinkJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ApiError(400, "malformed JSON" + where + ": " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new ApiError(400, "expected a JSON object as the body, found "
                    + (json == null ? "nothing" : json.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        return (ObjectNode) json;
    }

    private byte[] body() throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                // read, not skip: the JDK's request stream does not bound skip() by the body's length
                byte[] rest = new byte[16 * 1024];
                long discarded = 0;
                for (int n; discarded < MAX_DISCARDED_BYTES && (n = in.read(rest)) > 0; ) {
                    discarded += n;
                }
                throw new ApiError(413, "the body is larger than " + MAX_BODY_BYTES + " bytes (256 KB, the"
                        + " platform's limit for one message)");
            }
            return body;
        }
    }

    void json(int status, JsonNode body) {
        send(status, "application/json; charset=utf-8", AlinkJson.toBytes(body));
    }

    void text(int status, String contentType, String body) {
        send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    void noContent() {
        send(204, null, null);
    }

    /** {@code {"error": "<code>", "message": "<text>"}} with a code derived from the status. */
    void error(int status, String message) {
        ObjectNode body = AlinkJson.object().put("error", errorCode(status)).put("message", message);
        if (status == 413) {
            // what is left of the body was not read: the connection cannot carry another request
            exchange.getResponseHeaders().set("Connection", "close");
        }
        json(status, body);
    }

    void allow(String methods) {
        exchange.getResponseHeaders().set("Allow", methods);
    }

    private void send(int status, String contentType, byte[] body) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        try (exchange) {
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            boolean hasBody = body != null && body.length > 0;
            exchange.sendResponseHeaders(status, hasBody ? body.length : -1);
            if (hasBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // the client went away: nobody is left to tell
        }
        answered.accept(status);
    }

    private static String errorCode(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 503 -> "unavailable";
            default -> status < 500 ? "client_error" : "internal_error";
        };
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "the request's path or query is not validly percent-encoded");
        }
    }
}
