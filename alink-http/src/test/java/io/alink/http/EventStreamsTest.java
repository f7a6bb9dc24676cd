package io.alink.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventStreamsTest {
    // short, so that a stream outliving it shows; long enough for a loaded machine to read a request within it
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_STREAMS = 2;

    private EventStreams streams;
    private ApiServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        streams = new EventStreams("test", MAX_STREAMS);
        Routes routes = new Routes().add("GET", "/stream", call ->
                streams.open(call, List.of(new ServerSentEvent("1", "note", "from the backlog"))));
        server = ApiServer.builder(routes).idleTimeout(IDLE_TIMEOUT).closing(streams).start();
    }

    @AfterEach
    void stop() {
        streams.close();
        server.close();
    }

    /** The lines of one open stream, read on the client's thread into a queue. */
    private BlockingQueue<String> connect() throws Exception {
        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(server.uri().resolve("/stream"))
                .build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            response.body().forEach(lines::add);
            lines.add("<end>");
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String nextData(BlockingQueue<String> lines) throws InterruptedException {
        for (String line = lines.poll(30, TimeUnit.SECONDS); line != null; line = lines.poll(30, TimeUnit.SECONDS)) {
            if (line.startsWith("data: ") || line.equals("<end>")) {
                return line;
            }
        }
        return "<nothing within 30 s>";
    }

    @Test
    void givenAnOpenStream_whenAnEventIsPublishedLongAfterTheIdleTimeout_thenTheClientGetsTheBacklogThenTheEvent()
            throws Exception {
        BlockingQueue<String> lines = connect();
        assertThat(nextData(lines)).isEqualTo("data: from the backlog");

        Thread.sleep(IDLE_TIMEOUT.toMillis() * 5 / 2);
        streams.publish(new ServerSentEvent("2", "note", "first line\nsecond line"));

        assertThat(nextData(lines)).isEqualTo("data: first line");
        assertThat(nextData(lines)).isEqualTo("data: second line");
    }

    @Test
    void givenAllStreamsTaken_whenOneMoreIsAskedFor_thenUnavailable() throws Exception {
        for (int i = 0; i < MAX_STREAMS; i++) {
            connect();
        }

        HttpResponse<String> refused = client.send(HttpRequest.newBuilder(server.uri().resolve("/stream")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("at most " + MAX_STREAMS + " event streams");
    }

    @Test
    void givenAnOpenStream_whenTheServerCloses_thenItsStreamsEndFirstAndNoneIsLeft() throws Exception {
        BlockingQueue<String> lines = connect();
        assertThat(nextData(lines)).isEqualTo("data: from the backlog");

        server.close();

        assertThat(nextData(lines)).isEqualTo("<end>");
        assertThat(streams.openStreams()).isZero();
    }

    @Test
    void givenAClientThatWentAway_whenEventsAreSent_thenItsStreamIsDropped() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readNBytes(15), StandardCharsets.US_ASCII))
                    .isEqualTo("HTTP/1.1 200 OK");
            assertThat(streams.openStreams()).isEqualTo(1);
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (streams.openStreams() > 0 && System.nanoTime() < deadline) {
            streams.publish(new ServerSentEvent(null, null, "x".repeat(10_000)));
            Thread.sleep(20);
        }

        assertThat(streams.openStreams()).isZero();
    }

    @Test
    void givenAnId_whenItHasALineBreak_thenRefused() {
        assertThatThrownBy(() -> new ServerSentEvent("1\n2", null, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
