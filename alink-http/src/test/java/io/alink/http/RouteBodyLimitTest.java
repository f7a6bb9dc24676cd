package io.alink.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A route with a body limit of its own (a file upload) next to routes under the server's. */
class RouteBodyLimitTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static ApiServer server;

    @BeforeAll
    static void start() {
        Routes routes = new Routes()
                .add("POST", "/small", RouteBodyLimitTest::size)
                .add("POST", "/upload", 64, "the upload limit", RouteBodyLimitTest::size);
        server = ApiServer.builder(routes).threads(4).maxBodyBytes(16, "the server's limit").start();
    }

    private static void size(HttpCall call) {
        call.json(200, HttpCall.JSON.createObjectNode().put("size", call.body().length));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String path, int bytes) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(BodyPublishers.ofByteArray(new byte[bytes])).build(), BodyHandlers.ofString());
    }

    @Test
    void givenABodyOverTheServersLimit_whenPostedToTheRouteWithItsOwn_thenItIsTaken() throws Exception {
        // given 40 bytes: over the server's 16, within the route's 64
        // when / then
        assertThat(post("/upload", 40).body()).isEqualTo("{\"size\":40}");
        assertThat(post("/small", 40).statusCode()).isEqualTo(413);
    }

    @Test
    void givenABodyOverTheRoutesLimit_whenPosted_then413NamesTheRoutesLimit() throws Exception {
        HttpResponse<String> response = post("/upload", 65);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("larger than 64 bytes (the upload limit)");
    }
}
