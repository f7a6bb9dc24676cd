package io.alink.http;

import static io.alink.http.TestApi.error;
import static io.alink.http.TestApi.json;
import static io.alink.http.TestApi.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a route sees of a request and how its answers and failures reach the client. */
class ApiServerTest {

    private static final TestApi API = new TestApi();
    private static final List<String> TIMED = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static ApiServer server;

    @BeforeAll
    static void start() {
        server = TestApi.server(API).timing((route, method, status, nanos) -> TIMED.add(method + " " + route + " " + status))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void freshWait() {
        API.pending.set(new CompletableFuture<>());
        API.waiting.drainPermits();
    }

    @Test
    void givenAPathTemplate_whenRequested_thenItsVariablesArriveDecodedWithAnEncodedSlashInsideItsSegment() throws Exception {
        HttpResponse<String> response = send(server, "GET", "/devices/a1Pk/a%2Fb+c%20d", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(json(response.body())).isEqualTo(json("{\"productKey\":\"a1Pk\",\"deviceName\":\"a/b+c d\"}"));
    }

    @Test
    void givenAnEncodedControlCharacterInAName_whenRequested_thenTheRouteGetsItDecodedToJudge() throws Exception {
        HttpResponse<String> response = send(server, "GET", "/devices/a1Pk/a%0Ab%7F", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body())).isEqualTo(json("{\"productKey\":\"a1Pk\",\"deviceName\":\"a\\nb\\u007F\"}"));
    }

    @Test
    void givenAnUnknownPath_whenRequested_thenNotFoundAsJson() throws Exception {
        HttpResponse<String> response = send(server, "GET", "/devices/a1Pk/d1/more", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response.body())).isEqualTo(error("not_found", "no such route: GET /devices/a1Pk/d1/more"));
    }

    @Test
    void givenAKnownPathAndTheWrongMethod_whenRequested_thenMethodNotAllowedWithAllow() throws Exception {
        HttpResponse<String> response = send(server, "DELETE", "/devices", null);

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(json(response.body())).isEqualTo(error("method_not_allowed", "DELETE is not allowed here; use POST"));
    }

    @Test
    void givenAGetRoute_whenAskedWithHead_thenTheSameStatusAndLengthWithoutABody() throws Exception {
        HttpResponse<String> get = send(server, "GET", "/devices/a1Pk/d1", null);
        HttpResponse<String> head = send(server, "HEAD", "/devices/a1Pk/d1", null);

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(get.body().length()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\":1} trailing | malformed JSON at line 1, column 17: Unrecognized token 'trailing'",
        "{\"a\":1}{\"b\":2}   | malformed JSON at line 1, column 8: more follows the JSON value; send exactly one",
        "{\"a\":1,\"a\":2}   | malformed JSON at line 1, column 11: Duplicate field 'a'",
        "[1,2]             | expected a JSON object, found array",
        "{\"a\":           | malformed JSON at line 1, column 6: Unexpected end-of-input",
    })
    void givenABodyThatIsNotExactlyOneJsonObject_whenPosted_thenBadRequestSayingWhy(String body, String message)
            throws Exception {
        HttpResponse<String> response = send(server, "POST", "/devices", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).path("error").asText()).isEqualTo("bad_request");
        assertThat(json(response.body()).path("message").asText()).startsWith(message);
    }

    /** The first found by SouthboundFuzzTest: Jackson read the first as UTF-32, failed, and the answer was a 500. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "04000000000000006174757265223a317d | malformed JSON",
        "7b2261223a22ff227d                 | the request body is not UTF-8",
    })
    void givenABodyThatIsNotJsonInUtf8_whenPosted_thenBadRequestRatherThanAnInternalError(String hex, String message)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/devices"))
                .POST(BodyPublishers.ofByteArray(HexFormat.of().parseHex(hex))).build();

        HttpResponse<String> response = TestApi.CLIENT.send(request, BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).path("message").asText()).startsWith(message);
    }

    @Test
    void givenAnEmptyBody_whenTheRouteTakesAnEmptyObject_thenItGetsOne() throws Exception {
        HttpResponse<String> response = send(server, "POST", "/echo", "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
    }

    @Test
    void givenAForm_whenPosted_thenItsFieldsArriveDecoded() throws Exception {
        HttpResponse<String> response = send(server, "POST", "/form", "a=1&sign=ab%2Bcd&b=x+y");

        assertThat(json(response.body())).isEqualTo(json("{\"a\":\"1\",\"sign\":\"ab+cd\",\"b\":\"x y\"}"));
    }

    @Test
    void givenAQueryParameterTwice_whenRequested_thenBadRequestRatherThanAGuess() throws Exception {
        assertThat(json(send(server, "GET", "/query?name=a%20b", null).body()).path("name").asText()).isEqualTo("a b");

        HttpResponse<String> twice = send(server, "GET", "/query?name=a&name=b", null);

        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(json(twice.body())).isEqualTo(error("bad_request",
                "the query string is malformed: 'name' is given more than once"));
    }

    @Test
    void givenARefusalOfTheApplication_whenThrown_thenItsStatusAndMessageAreAnswered() throws Exception {
        HttpResponse<String> response = send(server, "GET", "/refused", null);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response.body())).isEqualTo(error("conflict", "taken"));
    }

    @Test
    void givenAFailureInsideARoute_whenThrown_thenInternalErrorNamingTheLogButNotTheFailure() throws Exception {
        HttpResponse<String> response = send(server, "GET", "/boom", null);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response.body())).isEqualTo(error("internal_error", "internal error; see the test server's log"));
    }

    @Test
    void givenMoreWaitingCallsThanThreads_whenAnotherRequestArrives_thenItIsAnsweredAndTheWaitingOnesLater()
            throws Exception {
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            waiting.add(TestApi.sendAsync(server, "/wait"));
        }
        assertThat(API.waiting.tryAcquire(12, 30, TimeUnit.SECONDS)).isTrue();

        assertThat(send(server, "GET", "/devices/a1Pk/d1", null).statusCode()).isEqualTo(200);
        assertThat(waiting).noneMatch(CompletableFuture::isDone);

        API.pending.get().complete("done");
        for (CompletableFuture<HttpResponse<String>> call : waiting) {
            assertThat(call.get(30, TimeUnit.SECONDS).body()).isEqualTo("{\"answer\":\"done\"}");
        }
    }

    @Test
    void givenARouteThatAnswersAfterTheIdleTimeout_whenItAnswers_thenTheClientGetsTheAnswer() throws Exception {
        Duration idleTimeout = Duration.ofSeconds(1);
        try (ApiServer quick = TestApi.server(API).idleTimeout(idleTimeout).start()) {
            CompletableFuture<HttpResponse<String>> call = TestApi.sendAsync(quick, "/wait");
            assertThat(API.waiting.tryAcquire(30, TimeUnit.SECONDS)).isTrue();

            Thread.sleep(3 * idleTimeout.toMillis());
            API.pending.get().complete("late");

            assertThat(call.get(30, TimeUnit.SECONDS).body()).isEqualTo("{\"answer\":\"late\"}");
        }
    }

    @Test
    void givenLaterWorkThatFails_whenItFails_thenInternalError() throws Exception {
        CompletableFuture<HttpResponse<String>> call = TestApi.sendAsync(server, "/wait");
        assertThat(API.waiting.tryAcquire(30, TimeUnit.SECONDS)).isTrue();

        API.pending.get().completeExceptionally(new IllegalStateException("lost"));

        assertThat(call.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
    }

    @Test
    void givenAnswers_whenGiven_thenTheTimingHearsRouteMethodAndStatus() throws Exception {
        send(server, "GET", "/devices/a1Pk/timed", null);
        send(server, "GET", "/nowhere", null);

        // a call is timed once its answer is written, which the client may have read before that
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(TIMED)
                .contains("GET /devices/{productKey}/{deviceName} 200", "GET unmatched 404"));
    }

    @Test
    void givenAPortInUse_whenAnotherServerStartsOnIt_thenItSaysItCannotListen() {
        assertThatThrownBy(() -> TestApi.server(API).port(server.port()).start())
                .isInstanceOf(UncheckedIOException.class).hasMessageStartingWith("cannot listen on 127.0.0.1:" + server.port());
    }
}
