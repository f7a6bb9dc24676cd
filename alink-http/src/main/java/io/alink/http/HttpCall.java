package io.alink.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request as a route sees it: path variables, query, the body (read whole before the route runs, within the
 * server's limit), and one answer, given at once or later from any thread. The first answer wins; the others are
 * ignored.
 */
public final class HttpCall {
    private static final Logger LOG = LoggerFactory.getLogger(HttpCall.class);

    static final String JSON_TYPE = "application/json; charset=utf-8";
    /** Nesting beyond this is refused: no API body comes close, a hostile one could. */
    private static final int MAX_NESTING = 64;
    static final ObjectMapper JSON = new ObjectMapper();
    /** One value per body and one value per key: anything after the value, or a key given twice, is refused. */
    private static final ObjectReader STRICT;

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
        STRICT = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final ApiServer.Settings settings;
    private final String route;
    private final Map<String, String> variables;
    private final String bodyLimit;
    private final long started = System.nanoTime();
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile boolean later;
    private volatile boolean closeAfter;
    private volatile boolean drainAfter;
    private volatile byte[] body;
    private Map<String, String> query;

    HttpCall(Request request, Response response, Callback callback, ApiServer.Settings settings, String route,
            Map<String, String> variables, String bodyLimit) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.settings = settings;
        this.route = route;
        this.variables = variables;
        this.bodyLimit = bodyLimit;
    }

    /** A path variable of the route's template, percent-decoded ('+' stays a plus sign). */
    public String variable(String name) {
        String value = variables.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route " + route + " has no variable {" + name + "}");
        }
        return value;
    }

    /** A query parameter; an empty value counts as absent. 400 when the query is malformed or repeats a key. */
    public Optional<String> query(String name) {
        if (query == null) {
            String raw = request.getHttpURI().getQuery();
            try {
                query = raw == null ? Map.of() : parseForm(raw);
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("the query string is malformed: " + e.getMessage());
            }
        }
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isEmpty());
    }

    /** A request header's value (the first, if it is repeated). */
    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    /** The whole body; 413 when it is larger than the server takes. */
    public byte[] body() {
        byte[] whole = body;
        if (whole == null) {
            throw new HttpError(413, "the request body is larger than " + bodyLimit);
        }
        return whole;
    }

    /** The body as a JSON object, strictly: 400 saying why when it is empty, malformed or not an object. */
    public ObjectNode jsonObject() {
        return jsonObject(false);
    }

    /** Like {@link #jsonObject()}, but an empty body is an empty object. */
    public ObjectNode jsonObjectOrEmpty() {
        return jsonObject(true);
    }

    private ObjectNode jsonObject(boolean emptyAllowed) {
        String text = utf8(body());
        if (text.isBlank()) {
            if (emptyAllowed) {
                return JSON.createObjectNode();
            }
            throw HttpError.badRequest("the request body is empty; expected a JSON object");
        }
        JsonNode node;
        try {
            // from text, not bytes: given bytes, Jackson guesses UTF-16 or UTF-32 from the first four, and a
            // body that is not what it guessed fails as an I/O error rather than as malformed JSON
            node = STRICT.readTree(text);
        } catch (MismatchedInputException e) {
            // the one mismatch a tree can have: FAIL_ON_TRAILING_TOKENS found more after the value
            throw HttpError.badRequest("malformed JSON" + where(e.getLocation())
                    + ": more follows the JSON value; send exactly one");
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("malformed JSON" + where(e.getLocation()) + ": " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw HttpError.badRequest("expected a JSON object, found " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return (ObjectNode) node;
    }

    /** JSON travels in UTF-8 (RFC 8259); a body that is not is refused rather than mended with U+FFFD. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("the request body is not UTF-8; JSON is sent in UTF-8");
        }
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** The body as an {@code application/x-www-form-urlencoded} form; 400 when it is not one or repeats a key. */
    public Map<String, String> form() {
        try {
            return parseForm(new String(body(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("the body is not a valid application/x-www-form-urlencoded form: " + e.getMessage());
        }
    }

    /** Decodes {@code a=1&b=x%20y}; a key given twice is refused since either reading could be the wrong one. */
    private static Map<String, String> parseForm(String raw) {
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

    public void json(int status, JsonNode body) {
        send(status, JSON_TYPE, toBytes(body));
    }

    public void noContent() {
        send(204, null, null);
    }

    /** {@code {"error":"<code>","message":"<text>"}}, the code derived from the status ({@link HttpError#code}). */
    public void error(int status, String message) {
        send(status, JSON_TYPE, errorBody(status, message));
    }

    public void send(int status, String contentType, byte[] content) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        if (contentType != null) {
            headers.put(HttpHeader.CONTENT_TYPE, contentType);
        }
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        if (closeAfter) {
            // what is left of the body was not read: the connection cannot carry another request
            headers.put(HttpHeader.CONNECTION, "close");
        }
        response.write(true, content == null ? null : ByteBuffer.wrap(content),
                drainAfter ? BodyDrain.after(request, callback) : callback);
        settings.timing().record(route, request.getMethod(), status, System.nanoTime() - started);
    }

    /**
     * Answers 200 with a body that is written in parts for as long as the stream lasts ({@link EventStreams}); the
     * idle timeout still bounds each part's write, so a client that stops reading is cut off.
     */
    StreamedBody streamBody(String contentType) {
        if (!answered.compareAndSet(false, true)) {
            throw new IllegalStateException("the call to " + route + " is answered already");
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        settings.timing().record(route, request.getMethod(), 200, System.nanoTime() - started);
        return new StreamedBody(request, response, callback);
    }

    /**
     * The route answers later, from another thread, once {@code pending} completes: a failure it ends with is
     * answered like one thrown at once (an {@link HttpError} with its status, anything unknown with 500), and so is
     * completing without an answer.
     */
    public void later(CompletionStage<?> pending) {
        later = true;
        pending.whenComplete((ignored, failure) -> {
            if (failure != null) {
                fail(failure);
            } else if (!answered.get()) {
                fail(new IllegalStateException("the route's work for " + route + " completed without an answer"));
            }
        });
    }

    boolean isAnsweredOrLater() {
        return answered.get() || later;
    }

    void allow(String methods) {
        response.getHeaders().put(HttpHeader.ALLOW, methods);
    }

    void challenge(String scheme) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, scheme);
    }

    void received(byte[] whole) {
        body = whole;
    }

    /**
     * The body is larger than the server takes and is not kept. When the client is sending it ({@code arriving}) and
     * it is not over {@link BodyDrain#AT_MOST}, the rest is read and dropped after the answer and the connection
     * stays open; otherwise the connection closes after the answer.
     */
    void receivedTooMuch(boolean arriving) {
        if (arriving && request.getLength() <= BodyDrain.AT_MOST) {
            drainAfter = true;
        } else {
            closeAfter = true;
        }
    }

    /** {@return whether the whole body was received} */
    boolean hasBody() {
        return body != null;
    }

    /** The body could not be read: a malformed one is answered 400, a stalled one 408, a vanished client not at all. */
    void receiveFailed(Throwable failure) {
        closeAfter = true;
        if (failure instanceof HttpException malformed) {
            error(malformed.getCode(), "malformed request: " + malformed.getReason());
        } else if (failure instanceof TimeoutException) {
            error(408, "the request body stopped arriving for " + settings.idleTimeout().toMillis() + " ms");
        } else if (answered.compareAndSet(false, true)) {
            callback.failed(failure);
        }
    }

    /** Answers what a route threw or its later work failed with. */
    void fail(Throwable failure) {
        Throwable cause = unwrap(failure);
        HttpError refusal = cause instanceof HttpError error ? error : settings.refusal(cause);
        if (refusal != null) {
            error(refusal.status(), refusal.getMessage());
        } else if (!answered.get()) {
            LOG.warn("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), cause);
            error(500, "internal error; see the " + settings.name() + "'s log");
        } else {
            LOG.debug("{} {} failed after its answer", request.getMethod(), request.getHttpURI().getPath(), cause);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static byte[] errorBody(int status, String message) {
        return toBytes(JSON.createObjectNode().put("error", HttpError.code(status)).put("message", message));
    }

    private static byte[] toBytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
    }
}
