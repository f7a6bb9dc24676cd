package io.alink.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/** A small API on a real server for the tests: each route shows one thing a route can do. */
final class TestApi {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();

    /** What {@code GET /wait} answers with once completed; a fresh one per test. */
    final AtomicReference<CompletableFuture<String>> pending = new AtomicReference<>(new CompletableFuture<>());
    /** A permit for each {@code GET /wait} that reached its route. */
    final Semaphore waiting = new Semaphore(0);

    /** A refusal of the application's own, mapped to its status by the server. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    Routes routes() {
        return new Routes()
                .add("GET", "/devices/{productKey}/{deviceName}", call -> call.json(200, JSON.createObjectNode()
                        .put("productKey", call.variable("productKey")).put("deviceName", call.variable("deviceName"))))
                .add("POST", "/devices", call -> call.json(201, call.jsonObject()))
                .add("POST", "/echo", call -> call.json(200, call.jsonObjectOrEmpty()))
                .add("POST", "/form", call -> call.json(200, JSON.valueToTree(call.form())))
                .add("GET", "/query", call -> call.json(200, JSON.createObjectNode()
                        .put("name", call.query("name").orElse(null))))
                .add("GET", "/wait", call -> {
                    call.later(pending.get().thenAccept(text -> call.json(200, JSON.createObjectNode().put("answer", text))));
                    waiting.release();
                })
                .add("GET", "/refused", call -> {
                    throw new Refused(409, "taken");
                })
                .add("GET", "/boom", call -> {
                    throw new IllegalStateException("boom at com.example.Secret");
                });
    }

    static ApiServer.Builder server(TestApi api) {
        return ApiServer.builder(api.routes()).name("test server").threads(4)
                .refusal(Refused.class, refused -> refused.status);
    }

    static HttpResponse<String> send(ApiServer server, String method, String path, String body) throws IOException,
            InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build();
        return CLIENT.send(request, BodyHandlers.ofString());
    }

    static CompletableFuture<HttpResponse<String>> sendAsync(ApiServer server, String path) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString());
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("error", code).put("message", message);
    }

    /** The JSON body of a raw response: what follows the blank line after the headers. */
    static JsonNode bodyOf(String rawResponse) throws IOException {
        return json(rawResponse.substring(rawResponse.indexOf("\r\n\r\n") + 4));
    }
}
