package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.alink.http.ApiServer;
import io.alink.protocol.AlinkJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Fuzz target: any request to the southbound API. Every answer has a status the API means to give (no 500), an error
 * answer is {@code {"error","message"}} JSON, the server still lists the devices afterwards, and nothing is logged at
 * ERROR.
 *
 * <p>An input is {@code METHOD TARGET \n BODY}: sent as an HTTP/1.1 request with that request line, the body and its
 * length, over a kept-alive connection to one {@link OfflineSouthbound} (a real {@link ApiServer} serving the
 * {@link SouthboundApi} routes on 127.0.0.1). See docs/fuzzing.md.
 */
class SouthboundFuzzTest {

    private static final Set<Integer> MEANT = Set.of(200, 202, 204, 400, 404, 405, 408, 409, 413, 431, 503,
            // a blank in the target garbles the request line's version: the client's fault, told as such
            505);
    private static final ListAppender<ILoggingEvent> LOGGED = new ListAppender<>();
    /**
     * Under -Pfuzz the first requests also instrument the Jackson classes they load, 18 s in all on a busy machine:
     * more than an input may take, so they are made before the inputs run.
     */
    private static final Duration WARM_UP = Duration.ofMinutes(2);

    @TempDir
    static Path store;
    private static OfflineSouthbound southbound;
    private static RawHttp http;

    @BeforeAll
    static void serving() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.ERROR);
        root.addAppender(LOGGED);
        LOGGED.start();
        southbound = new OfflineSouthbound(store);
        // Jazzer's detectors are not armed yet: these connections need no leave
        try (RawHttp patient = new RawHttp(southbound.port(), WARM_UP)) {
            patient.exchange(ascii("GET /v1/devices"), new byte[0]);
            patient.exchange(ascii("POST /v1/commands/42/reply"), ascii("{\"code\":"));
            patient.exchange(ascii("POST /v1/devices/a1SubFuzz1/sub1/properties"), ascii("{\"t\":1}"));
        }
        http = new RawHttp(southbound.port());
    }

    @AfterAll
    static void stop() {
        http.close();
        southbound.close();
    }

    @FuzzTest
    void anyRequest(byte[] input) throws IOException {
        // ISO-8859-1 maps byte to char one to one, and back
        String raw = new String(input, StandardCharsets.ISO_8859_1);
        int newline = raw.indexOf('\n') < 0 ? input.length : raw.indexOf('\n');
        byte[] requestLine = requestLine(raw.substring(0, newline));
        byte[] body = Arrays.copyOfRange(input, Math.min(newline + 1, input.length), input.length);
        LOGGED.list.clear();
        // Jazzer's SSRF detector stands guard over every connection; this one goes where the test means it to
        BugDetectors.allowNetworkConnections((host, port) -> port == southbound.port()
                && ("localhost".equals(host) || "127.0.0.1".equals(host)));

        RawHttp.Answer answer = http.exchange(requestLine, body);

        assertThat(answer.status()).as("status of %s", answer).isIn(MEANT);
        if (answer.status() >= 400 && answer.body().length > 0) {
            JsonNode error = AlinkJson.MAPPER.readTree(answer.body());
            assertThat(error.path("error").isTextual() && error.path("message").isTextual())
                    .as("error JSON in %s", answer).isTrue();
            assertThat(error.path("message").asText()).as("the cause told in %s", answer).isNotEqualTo("internal error");
        }
        RawHttp.Answer devices = http.exchange(ascii("GET /v1/devices"), new byte[0]);
        assertThat(devices.status()).as("the devices are still listed: %s", devices).isEqualTo(200);
        assertThat(LOGGED.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    /**
     * {@code METHOD SP TARGET}, byte for byte as the fuzzer wrote it, but never empty on either side nor holding a CR:
     * a line like that is no request Jetty can answer, it waits for the rest of it.
     */
    private static byte[] requestLine(String line) {
        String framed = line.replace("\r", "");
        int space = framed.indexOf(' ');
        String method = space < 0 ? framed : framed.substring(0, space);
        String target = space < 0 ? "" : framed.substring(space + 1);
        return ((method.isEmpty() ? "GET" : method) + " " + (target.isEmpty() ? "/" : target))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
