package io.alink.http;

import static io.alink.http.TestApi.bodyOf;
import static io.alink.http.TestApi.error;
import static io.alink.http.TestApi.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clients that send too little, too slowly, too much or the wrong thing: each is answered or cut off, and none keeps
 * the server from answering the others. Every one of these stalled or reset the JDK's HTTP server.
 */
class HostileClientTest {

    /** Short, for the tests that wait for it, but long enough for a busy machine to read what was sent. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
    private static final int THREADS = 4;

    private static ApiServer server;

    @BeforeAll
    static void start() {
        server = TestApi.server(new TestApi()).threads(THREADS).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void givenMoreHalfSentRequestLinesThanThreads_whenANormalRequestArrives_thenItIsAnswered() throws Exception {
        List<RawConnection> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 5 * THREADS; i++) {
                idle.add(new RawConnection(server.port()).send("GET /x HTTP/1.1\r\n"));
            }

            assertThat(send(server, "GET", "/devices/a1Pk/d1", null).statusCode()).isEqualTo(200);
        } finally {
            for (RawConnection connection : idle) {
                connection.close();
            }
        }
    }

    @Test
    void givenARequestLineThatStopsHalfway_whenTheIdleTimeoutPasses_thenTheConnectionIsClosedUnanswered() throws Exception {
        try (ApiServer impatient = TestApi.server(new TestApi()).idleTimeout(IDLE_TIMEOUT).start();
                RawConnection connection = new RawConnection(impatient.port())) {
            connection.send("GET /devices/a1Pk/d1 HT");

            assertThat(connection.readUntilClosed()).isEmpty();
        }
    }

    @Test
    void givenABodyThatStopsHalfway_whenTheIdleTimeoutPasses_thenItIsAnswered408AndClosed() throws Exception {
        try (ApiServer impatient = TestApi.server(new TestApi()).idleTimeout(IDLE_TIMEOUT).start();
                RawConnection connection = new RawConnection(impatient.port())) {
            connection.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"a\":");

            String response = connection.readUntilClosed();

            assertThat(response).startsWith("HTTP/1.1 408 ").contains("Connection: close");
            assertThat(bodyOf(response)).isEqualTo(error("timeout", "the request body stopped arriving for 2000 ms"));
        }
    }

    @Test
    void givenABodyOverTheLimitThatNeverArrives_whenAnswered413_thenTheIdleTimeoutStillClosesTheConnection()
            throws Exception {
        try (ApiServer impatient = TestApi.server(new TestApi()).idleTimeout(IDLE_TIMEOUT).start();
                RawConnection connection = new RawConnection(impatient.port())) {
            // the rest of an oversized body is read and dropped after the 413: a client that never sends it must not
            // hold the connection open for ever
            connection.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + ((1 << 20) + 1) + "\r\n\r\n");

            String refused = connection.readResponse();
            String after = connection.readUntilClosedOrReset();

            assertThat(refused).startsWith("HTTP/1.1 413 ");
            assertThat(after).isEmpty();
        }
    }

    @Test
    void givenARequestLineWhoseVersionJettyCannotRead_whenSent_thenThe505SaysTheRequestLineIsAtFault() throws Exception {
        // found by SouthboundFuzzTest: blanks where the target belongs, and the 505 said "internal error"
        try (RawConnection connection = new RawConnection(server.port())) {
            connection.send("POSTPOST   HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");

            String response = connection.readResponse();

            assertThat(response).startsWith("HTTP/1.1 505 ");
            assertThat(bodyOf(response)).isEqualTo(error("http_version_not_supported",
                    "malformed request: the request line does not end in HTTP/1.1"));
        }
    }

    static Stream<Arguments> malformedRequests() throws Exception {
        return Stream.of(
                Arguments.of("a bad chunk size", ascii("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "zz\r\n{}\r\n0\r\n\r\n")),
                Arguments.of("lines ending in a bare LF", ascii("GET /devices/a1Pk/d1 HTTP/1.1\nHost: t\n\n")),
                Arguments.of("a TLS ClientHello on the plain port", clientHello()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void givenAMalformedRequest_whenSent_thenItIsAnswered400WithJsonAndClosed(String what, byte[] request)
            throws Exception {
        try (RawConnection connection = new RawConnection(server.port())) {
            connection.send(request);

            String response = connection.readUntilClosed();

            assertThat(response).startsWith("HTTP/1.1 400 ");
            assertThat(bodyOf(response).path("error").asText()).isEqualTo("bad_request");
        }
    }

    @Test
    void givenA20MegabyteBody_whenPosted_thenItIsAnswered413WithJsonAndClosedNotReset() throws Exception {
        int size = 20 << 20;
        RawConnection connection = new RawConnection(server.port());
        Thread uploader = null;
        try {
            connection.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + size + "\r\n\r\n");
            uploader = new Thread(() -> {
                byte[] part = new byte[64 * 1024];
                try {
                    for (int sent = 0; sent < size; sent += part.length) {
                        connection.send(part);
                    }
                } catch (IOException e) {
                    // the server may stop reading once it answered; the answer is what counts
                }
            });
            uploader.start();

            String response = connection.readUntilClosed();

            assertThat(response).startsWith("HTTP/1.1 413 ").contains("Connection: close");
            assertThat(bodyOf(response)).isEqualTo(error("payload_too_large",
                    "the request body is larger than 1048576 bytes (1 MiB)"));
        } finally {
            connection.close();
            if (uploader != null) {
                uploader.join();
            }
        }
    }

    @Test
    void givenHeadersOverTheLimit_whenSent_thenItIsAnswered431WithJson() throws Exception {
        try (RawConnection connection = new RawConnection(server.port())) {
            connection.send("GET /devices/a1Pk/d1 HTTP/1.1\r\nHost: t\r\nX-Padding: " + "p".repeat(10_000) + "\r\n\r\n");

            String response = connection.readUntilClosed();

            assertThat(response).startsWith("HTTP/1.1 431 ");
            assertThat(bodyOf(response)).isEqualTo(error("header_too_large",
                    "the request's headers are larger than 8192 bytes"));
        }
    }

    @Test
    void givenTheConnectionLimitReached_whenAnotherConnects_thenItIsServedOnlyOnceOneCloses() throws Exception {
        try (ApiServer limited = TestApi.server(new TestApi()).maxConnections(2).start();
                RawConnection second = new RawConnection(limited.port())) {
            // closed by the test, to make room; the server's close drops it should the test fail first
            RawConnection first = new RawConnection(limited.port());
            String request = "GET /devices/a1Pk/d1 HTTP/1.1\r\nHost: t\r\n\r\n";
            assertThat(first.send(request).readResponse()).startsWith("HTTP/1.1 200 ");
            assertThat(second.send(request).readResponse()).startsWith("HTTP/1.1 200 ");

            try (RawConnection third = new RawConnection(limited.port())) {
                third.send(request);
                third.readTimeout(1000);
                assertThatThrownBy(third::readResponse).isInstanceOf(SocketTimeoutException.class);

                first.close();

                third.readTimeout(RawConnection.READ_TIMEOUT_MS);
                assertThat(third.readResponse()).startsWith("HTTP/1.1 200 ");
            }
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The first bytes a TLS client sends, made by the JDK's own TLS engine. */
    private static byte[] clientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("127.0.0.1", 443);
        engine.setUseClientMode(true);
        ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), hello);
        hello.flip();
        byte[] bytes = new byte[hello.remaining()];
        hello.get(bytes);
        return bytes;
    }
}
