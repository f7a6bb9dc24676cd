package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.alink.daemon.connector.Connectors;
import io.alink.gateway.GatewayClient;
import io.alink.gateway.GatewayConfig;
import io.alink.gateway.outbox.OutboxLimits;
import io.alink.http.ApiServer;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * length, over a kept-alive connection to one real {@link ApiServer} serving the {@link SouthboundApi} routes on
 * 127.0.0.1. The gateway client behind it never connects: posts are journaled in its outbox, as they are while the
 * platform is out of reach. Waits (a long poll, a command's timeout) run out at once. See docs/fuzzing.md.
 */
class SouthboundFuzzTest {

    private static final Set<Integer> MEANT = Set.of(200, 202, 204, 400, 404, 405, 408, 409, 413, 431, 503,
            // a blank in the target garbles the request line's version: the client's fault, told as such
            505);
    private static final List<GatewayFile.Device> CONFIGURED = List.of(
            new GatewayFile.Device(DeviceId.of("a1SubFuzz1", "sub1"), "SubSecret1", null),
            new GatewayFile.Device(DeviceId.of("a1SubFuzz1", "sub2"), null, "ProductSecret1"));
    private static final ListAppender<ILoggingEvent> LOGGED = new ListAppender<>();

    @TempDir
    static Path store;
    private static GatewayClient client;
    private static ScheduledThreadPoolExecutor timer;
    private static ApiServer server;
    private static RawHttp http;

    @BeforeAll
    static void serving() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.ERROR);
        root.addAppender(LOGGED);
        LOGGED.start();
        // nothing listens on port 1 of the loopback, and connect() is never called
        client = GatewayClient.create(GatewayConfig.builder()
                .productKey("a1GwFuzz01").deviceName("gw01").deviceSecret("GatewaySecret01")
                .endpoint("127.0.0.1", 1, false).storeDir(store).outbox(OutboxLimits.DEFAULT).build());
        SubDevices devices = new SubDevices(CONFIGURED);
        timer = new Hurried();
        Commands commands = new Commands(devices::isConfigured, Duration.ofSeconds(30), timer);
        server = new SouthboundApi(client, devices, commands, new DaemonMetrics(client, devices),
                Connectors.create(List.of(), null, null)).serve("127.0.0.1", 0);
        http = new RawHttp(server.uri().getPort());
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
        client.close();
        timer.shutdownNow();
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
        BugDetectors.allowNetworkConnections((host, port) -> port == server.uri().getPort()
                && ("localhost".equals(host) || "127.0.0.1".equals(host)));

        RawHttp.Answer answer = http.exchange(requestLine, body);

        assertThat(answer.status()).as("status of %s", answer).isIn(MEANT);
        if (answer.status() >= 400 && answer.body().length > 0) {
            JsonNode error = AlinkJson.MAPPER.readTree(answer.body());
            assertThat(error.path("error").isTextual() && error.path("message").isTextual())
                    .as("error JSON in %s", answer).isTrue();
            assertThat(error.path("message").asText()).as("the cause told in %s", answer).isNotEqualTo("internal error");
        }
        assertThat(http.exchange("GET /v1/devices".getBytes(StandardCharsets.US_ASCII), new byte[0]).status())
                .as("the devices are still listed").isEqualTo(200);
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

    /** A timer on which every wait runs out at once: a long poll answers now, not in a minute. */
    private static final class Hurried extends ScheduledThreadPoolExecutor {
        Hurried() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return super.schedule(command, 0, unit);
        }
    }
}
