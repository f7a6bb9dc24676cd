package io.alink.http;

import static io.alink.http.TestApi.error;
import static io.alink.http.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A server with a bearer token: who gets through, and what the others are told. */
class BearerTokenTest {

    private static final String TOKEN = "s3cr3t-Token-0123456789";
    private static ApiServer server;

    @BeforeAll
    static void start() {
        server = TestApi.server(new TestApi()).bearerToken(TOKEN, Set.of("/query")).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer " + TOKEN, "bearer " + TOKEN, "BEARER  " + TOKEN})
    void givenTheToken_whenARouteIsCalled_thenItAnswers(String authorization) throws Exception {
        HttpResponse<String> response = send("POST", "/devices", authorization, "{\"a\":1}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(json(response.body())).isEqualTo(json("{\"a\":1}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer ", "Bearer s3cr3t-Token-012345678", "Bearer s3cr3t-Token-01234567890",
        "Basic " + TOKEN, TOKEN})
    void givenNoOrAWrongToken_whenARouteIsCalled_thenUnauthorizedWithAChallengeAndNoTrace(String authorization)
            throws Exception {
        HttpResponse<String> response = send("POST", "/devices", authorization, "{\"a\":1}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(json(response.body())).isEqualTo(error("unauthorized",
                "this API needs the header 'Authorization: Bearer <token>' with the server's token"));
        assertThat(response.body()).doesNotContain(TOKEN);
    }

    @Test
    void givenTheTokenSentOnAKeptAliveConnection_whenTheNextRequestSendsItInOtherCase_thenThatOneIsUnauthorized()
            throws Exception {
        assertThat(send("POST", "/devices", "Bearer " + TOKEN, "{}").statusCode()).isEqualTo(201);

        assertThat(send("POST", "/devices", "Bearer " + TOKEN.toUpperCase(Locale.ROOT), "{}").statusCode())
                .isEqualTo(401);
    }

    @Test
    void givenAnOpenRoute_whenCalledWithoutAToken_thenItAnswers() throws Exception {
        HttpResponse<String> response = send("GET", "/query?name=x", "", null);

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void givenAnUnknownPath_whenCalledWithoutAToken_thenUnauthorizedRatherThanNotFound() throws Exception {
        assertThat(send("GET", "/nothing/here", "", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/nothing/here", "Bearer " + TOKEN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void givenAnEmptyToken_whenTheServerIsBuilt_thenRefused() {
        assertThatThrownBy(() -> TestApi.server(new TestApi()).bearerToken(" ", Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static HttpResponse<String> send(String method, String path, String authorization, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        return TestApi.CLIENT.send(request.build(), BodyHandlers.ofString());
    }
}
