package io.alink.emulator.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP exchange as the routes see it: path variables, query, a size-limited body, and the ways to answer.
 * Every answer closes the exchange; answering twice is a programming error and is ignored after the first.
 */
final class HttpCall {
    static final int MAX_BODY_BYTES = 1 << 20;
    /** How much of an oversized body is read and dropped so its 413 can be delivered (Tomcat's default, 2 MiB). */
    private static final long SWALLOW_LIMIT_BYTES = 2L << 20;
    private static final String JSON = "application/json; charset=utf-8";

    private final HttpExchange exchange;
    private final Map<String, String> pathVariables;
    private Map<String, String> query;
    private volatile boolean answered;
    private volatile boolean deferred;

    HttpCall(HttpExchange exchange, Map<String, String> pathVariables) {
        this.exchange = exchange;
        this.pathVariables = pathVariables;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    String path(String name) {
        return pathVariables.get(name);
    }

    /** The device named by two path variables; 400 when either could not be a productKey or deviceName. */
    DeviceId device(String productKeyVariable, String deviceNameVariable) {
        return deviceId(path(productKeyVariable), path(deviceNameVariable));
    }

    static DeviceId deviceId(String productKey, String deviceName) {
        try {
            return DeviceId.of(productKey, deviceName);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    /** A query parameter; an empty value counts as absent. */
    Optional<String> query(String name) {
        if (query == null) {
            String raw = exchange.getRequestURI().getRawQuery();
            try {
                query = raw == null ? Map.of() : parseForm(raw);
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("the query string is malformed: " + e.getMessage());
            }
        }
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isEmpty());
    }

    /** The whole request body; 413 beyond {@link #MAX_BODY_BYTES}, judged before reading when the length is declared. */
    byte[] body() throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long declaredLength;
        try {
            declaredLength = declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("Content-Length is not a number");
        }
        try (InputStream in = exchange.getRequestBody()) {
            if (declaredLength > MAX_BODY_BYTES) {
                throw tooLarge(in);
            }
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw tooLarge(in);
            }
            return body;
        }
    }

    /**
     * Reads and drops what is left of an oversized body, up to a bound, before the 413 is sent: closing a socket
     * with unread input resets it, and the client would see a broken connection instead of the answer.
     */
    private static HttpError tooLarge(InputStream rest) throws IOException {
        // read, not skip: the JDK's body stream inherits FilterInputStream.skip, which bypasses the body's length.
        byte[] buffer = new byte[16 * 1024];
        long dropped = 0;
        int step;
        while (dropped < SWALLOW_LIMIT_BYTES && (step = rest.read(buffer)) > 0) {
            dropped += step;
        }
        return new HttpError(413, "the request body is larger than " + MAX_BODY_BYTES + " bytes (1 MiB)");
    }

    /** The body as a JSON object; an empty body is an empty object when {@code emptyAllowed}. */
    ObjectNode jsonObjectBody(boolean emptyAllowed) throws IOException {
        byte[] body = body();
        if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            if (emptyAllowed) {
                return AlinkJson.object();
            }
            throw HttpError.badRequest("the request body is empty; expected a JSON object");
        }
        JsonNode node;
        try {
            node = AlinkJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw HttpError.badRequest("malformed JSON" + (where == null ? "" : " at line " + where.getLineNr()
                    + ", column " + where.getColumnNr()) + ": " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw HttpError.badRequest("expected a JSON object, found " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return (ObjectNode) node;
    }

    /** Decodes {@code a=1&b=x%20y}; a key given twice is refused since either reading could be the wrong one. */
    static Map<String, String> parseForm(String raw) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (fields.putIfAbsent(key, value) != null) {
                throw new IllegalArgumentException("'" + key + "' is given more than once");
            }
        }
        return fields;
    }

    void json(int status, JsonNode body) {
        send(status, JSON, AlinkJson.toBytes(body));
    }

    void empty(int status) {
        send(status, null, null);
    }

    void html(byte[] page) {
        send(200, "text/html; charset=utf-8", page);
    }

    void error(int status, String message) {
        ObjectNode body = AlinkJson.object();
        body.put("error", errorCode(status));
        body.put("message", message);
        if (status == 413) {
            // The rest of an oversized body is not read: the connection cannot be reused.
            exchange.getResponseHeaders().set("Connection", "close");
        }
        json(status, body);
    }

    void allow(String methods) {
        exchange.getResponseHeaders().set("Allow", methods);
    }

    /** The route answers later, from another thread (a call waiting for a device). */
    void defer() {
        deferred = true;
    }

    boolean isDeferred() {
        return deferred;
    }

    boolean isAnswered() {
        return answered;
    }

    private void send(int status, String contentType, byte[] body) {
        if (answered) {
            return;
        }
        answered = true;
        try (exchange) {
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean hasBody = body != null && body.length > 0;
            exchange.sendResponseHeaders(status, hasBody ? body.length : -1);
            if (hasBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // The client went away: there is nobody left to tell.
        }
    }

    static String errorCode(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 429 -> "too_many_requests";
            case 500 -> "internal_error";
            case 503 -> "unavailable";
            case 504 -> "timeout";
            default -> status < 500 ? "client_error" : "server_error";
        };
    }
}
