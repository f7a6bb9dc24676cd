package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What an operator reads of the outbox when the daemon starts and stops: the backlog it found, and what it left. */
class OutboxLinesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger daemonLog = (Logger) LoggerFactory.getLogger(GatewayDaemon.class);

    @BeforeEach
    void listen() {
        daemonLog.setLevel(Level.INFO);
        daemonLog.addAppender(logged);
        logged.start();
    }

    @AfterEach
    void stopListening() {
        daemonLog.detachAppender(logged);
        daemonLog.setLevel(null);
    }

    @Test
    void givenMessagesNeverSent_whenTheDaemonStopsAndStartsAgain_thenBothTimesTheOutboxsBacklogIsLogged()
            throws Exception {
        // nothing listens on port 1 of the loopback: the daemon keeps trying, and nothing leaves the outbox
        GatewayFile file = GatewayFile.load(Files.writeString(dir.resolve("gateway.yaml"), """
                endpoint: {host: 127.0.0.1, port: 1, tls: false}
                gateway: {productKey: a1GwLines1, deviceName: gw01, deviceSecret: GatewaySecret01}
                southbound: {port: 0}
                shutdownGraceMs: 0
                """));
        Path store = dir.resolve("store");
        try (GatewayDaemon daemon = GatewayDaemon.start(file, store, new LogLines())) {
            String gateway = daemon.southboundUri() + "/v1/devices/a1GwLines1/gw01";
            assertThat(post(gateway + "/properties", "{\"CpuUsage\":12}")).isEqualTo(202);
            assertThat(post(gateway + "/events/overheat", "{\"celsius\":81}")).isEqualTo(202);
        }

        GatewayDaemon.start(file, store, new LogLines()).close();

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .contains("Starting; the outbox is empty")
                .anyMatch(line -> line.matches("Stopped; 2 messages \\(\\d+ bytes\\) wait in the outbox, sent after"
                        + " the next start"))
                .anyMatch(line -> line.matches("Starting; 2 messages \\(\\d+ bytes\\) wait in the outbox, sent once"
                        + " connected"));
    }

    private static int post(String uri, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }
}
