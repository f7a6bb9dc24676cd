package io.alink.daemon;

import static io.alink.daemon.Http.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.DeviceView;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.http.ApiServer;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The southbound API of one daemon, in this JVM, in front of an emulator in this JVM. */
class SouthboundApiTest {

    private static final TestGateways GATEWAYS = TestGateways.of(6, 2, "gwapi");
    private static final List<DeviceId> SUBS = GATEWAYS.subDevicesOf("gwapi");
    private static final DeviceId SUB = SUBS.get(0);

    @TempDir
    static Path dir;

    @RegisterExtension
    static final EmulatorExtension emulator = GATEWAYS.emulator();

    @RegisterExtension
    static final DaemonUnderTest daemon = new DaemonUnderTest();

    private static Http southbound;

    @BeforeAll
    static void startTheDaemon() throws Exception {
        daemon.start(dir, GATEWAYS.yaml("gwapi", emulator.mqttPort(), daemon.store(dir), ""));
        southbound = daemon.southbound();
    }

    @Test
    void givenTheDaemonUp_whenListingDevices_thenEverySubDeviceIsInTheTopologyAndOnline() {
        JsonNode devices = southbound.getJson("/v1/devices");

        assertThat(devices).hasSize(SUBS.size()).allSatisfy(device -> {
            assertThat(device.path("inTopology").asBoolean()).isTrue();
            assertThat(device.path("online").asBoolean()).isTrue();
            assertThat(device.path("queuedMessages").isIntegralNumber()).isTrue();
        });
        assertThat(SUBS).allSatisfy(sub -> assertThat(emulator.admin().device(sub).map(DeviceView::online))
                .contains(true));
    }

    @Test
    void givenSubDevicesWithOnlyAProductSecret_whenBroughtUp_thenTheirIssuedSecretsAreKeptOwnerOnly()
            throws Exception {
        DeviceId registered = SUBS.get(SUBS.size() - 1);
        Path secretFile = dir.resolve("store/sub-devices").resolve(registered.productKey())
                .resolve(registered.deviceName()).resolve("gateway.json");

        assertThat(secretFile).exists();
        assertThat(AlinkJson.parse(Files.readAllBytes(secretFile)).path("deviceSecret").asText()).isNotEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))).isEqualTo("rw-------");
    }

    @Test
    void givenPropertiesAndAnEvent_whenPosted_thenEachIsAccepted202WithItsSeqAndReachesThePlatform() {
        HttpResponse<String> properties = southbound.post(Http.propertiesPath(SUB), "{\"LightSwitch\":1}");
        HttpResponse<String> event = southbound.post(devicePath(SUB) + "/events/alarm", "{\"level\":3}");

        assertThat(properties.statusCode()).isEqualTo(202);
        assertThat(event.statusCode()).isEqualTo(202);
        long first = AlinkJson.parse(properties.body()).path("seq").asLong();
        assertThat(AlinkJson.parse(event.body()).path("seq").asLong()).isGreaterThan(first);
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                emulator.admin().messages(SUB, 1000)).anySatisfy(m -> assertThat(m.topic()).endsWith("/alarm/post"))
                .anySatisfy(m -> assertThat(new String(m.payload())).contains("\"LightSwitch\":1")));
    }

    @Test
    void givenTheGatewaysOwnIdentity_whenItsPropertiesAndAnEventArePosted_thenBothReachThePlatformAsTheGateways() {
        DeviceId gateway = DeviceId.of(TestGateways.GATEWAY_PK, "gwapi");

        HttpResponse<String> properties = southbound.post(Http.propertiesPath(gateway), "{\"CpuUsage\":12}");
        HttpResponse<String> event = southbound.post(devicePath(gateway) + "/events/overheat", "{\"celsius\":81}");

        assertThat(properties.statusCode()).as(properties.body()).isEqualTo(202);
        assertThat(event.statusCode()).as(event.body()).isEqualTo(202);
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(emulator.admin().messages(gateway, 1000))
                .anySatisfy(m -> assertThat(m.topic()).endsWith("/" + gateway.deviceName()
                        + "/thing/event/overheat/post"))
                .anySatisfy(m -> assertThat(new String(m.payload(), StandardCharsets.UTF_8))
                        .contains("\"CpuUsage\":12")));
    }

    @Test
    void givenTheDaemonConnected_whenAProbeAsksForReadiness_thenReadyWithTheSubDevicesOnlineAndConfigured() {
        JsonNode ready = southbound.getJson("/readyz");

        assertThat(ready.path("ready").asBoolean()).isTrue();
        assertThat(ready.path("subDevicesOnline").asInt()).isEqualTo(SUBS.size());
        assertThat(ready.path("subDevicesConfigured").asInt()).isEqualTo(SUBS.size());
        assertThat(southbound.getJson("/healthz").path("status").asText()).isEqualTo("serving");
    }

    @Test
    void givenBadRequests_whenSent_thenEachGetsA4xxWithAJsonErrorAndTheDaemonKeepsServing() {
        assertError(southbound.post(Http.propertiesPath(SUB), "{\"LightSwitch\":"), 400, "malformed JSON");
        assertError(southbound.post(Http.propertiesPath(SUB), "[1,2]"), 400, "expected a JSON object");
        assertError(southbound.post(Http.propertiesPath(SUB), "{}"), 400, "at least one property");
        assertError(southbound.post(Http.propertiesPath(DeviceId.of("a1Nobody01", "ghost")), "{\"a\":1}"), 404,
                "no sub-device a1Nobody01/ghost");
        String oversized = "{\"blob\":\"" + "x".repeat(300 * 1024) + "\"}";
        assertError(southbound.post(Http.propertiesPath(SUB), oversized), 413, "larger than 262144 bytes");
        HttpResponse<String> wrongMethod = southbound.get(Http.propertiesPath(SUB));
        assertError(wrongMethod, 405, "use POST");
        assertThat(wrongMethod.headers().firstValue("Allow")).contains("POST");
        assertError(southbound.get(devicePath(SUB) + "/commands?waitMs=soon"), 400, "waitMs");
        assertError(southbound.post("/v1/commands/no-such-command/reply", "{\"code\":200}"), 404,
                "no command no-such-command");
        assertError(southbound.post("/v1/commands/no-such-command/reply", "{\"cod\":200}"), 400, "unknown key 'cod'");
        assertError(southbound.get("/v2/anything"), 404, "no such route");

        assertThat(southbound.post(Http.propertiesPath(SUB), "{\"LightSwitch\":0}").statusCode()).isEqualTo(202);
    }

    @Test
    void givenAServiceCallFromTheCloud_whenTheAdapterFetchesAndAnswersIt_thenTheCloudGetsTheAnswer() {
        CompletableFuture<AlinkReply> cloud = emulator.admin().invokeService(SUB, "reboot",
                AlinkJson.object().put("delay", 1), Duration.ofSeconds(30));

        JsonNode commands = southbound.getJson(devicePath(SUB) + "/commands?waitMs=30000");

        assertThat(commands).hasSize(1);
        JsonNode command = commands.get(0);
        assertThat(command.path("kind").asText()).isEqualTo("service");
        assertThat(command.path("identifier").asText()).isEqualTo("reboot");
        assertThat(command.path("params").path("delay").asInt()).isEqualTo(1);
        HttpResponse<String> reply = southbound.post("/v1/commands/" + command.path("commandId").asText()
                + "/reply", "{\"code\":200,\"data\":{\"rebooting\":true}}");
        assertThat(reply.statusCode()).isEqualTo(204);
        assertThat(cloud).succeedsWithin(Duration.ofSeconds(30)).satisfies(answer -> {
            assertThat(answer.code()).isEqualTo(200);
            assertThat(answer.data().path("rebooting").asBoolean()).isTrue();
        });
    }

    @Test
    void givenAnAdapterPolling_whenAPropertySetArrives_thenThePollReturnsIt() {
        DeviceId sub = SUBS.get(1);
        CompletableFuture<HttpResponse<String>> poll = CompletableFuture.supplyAsync(
                () -> southbound.get(devicePath(sub) + "/commands?waitMs=30000"));

        CompletableFuture<AlinkReply> cloud = emulator.admin().setProperties(sub,
                AlinkJson.object().put("LightSwitch", 1), Duration.ofSeconds(30));

        JsonNode commands = AlinkJson.parse(poll.join().body());
        assertThat(commands).singleElement().satisfies(command -> {
            assertThat(command.path("kind").asText()).isEqualTo("property.set");
            assertThat(command.path("params").path("LightSwitch").asInt()).isEqualTo(1);
        });
        southbound.post("/v1/commands/" + commands.get(0).path("commandId").asText() + "/reply", "{\"code\":200}");
        assertThat(cloud).succeedsWithin(Duration.ofSeconds(30)).extracting(AlinkReply::code).isEqualTo(200);
    }

    @Test
    void givenACommandNobodyAnswers_whenTheCommandTimeoutPasses_thenTheCloudGetsCode504AndTheIdIsGone() {
        DeviceId sub = SUBS.get(2);
        // the cloud outwaits the daemon's command timeout (20 s, TestGateways), so that the 504 is the daemon's
        CompletableFuture<AlinkReply> cloud = emulator.admin().invokeService(sub, "slow", AlinkJson.object(),
                Duration.ofSeconds(60));
        String commandId = southbound.getJson(devicePath(sub) + "/commands?waitMs=30000").get(0)
                .path("commandId").asText();

        assertThat(cloud).succeedsWithin(Duration.ofSeconds(60)).extracting(AlinkReply::code)
                .isEqualTo(ReplyCode.TIMEOUT);
        assertError(southbound.post("/v1/commands/" + commandId + "/reply", "{\"code\":200}"), 404, "timed out");
    }

    @Test
    void givenNothingForTheDevice_whenPollingWithAWait_thenAnEmptyListAfterTheWait() {
        assertThat(southbound.getJson(devicePath(SUBS.get(3)) + "/commands?waitMs=200")).isEmpty();
        assertThat(southbound.getJson(devicePath(SUBS.get(3)) + "/commands")).isEmpty();
    }

    @Test
    void givenTraffic_whenScrapingMetrics_thenConnectionSubDevicesMessagesAndLatencyAreThere() {
        southbound.post(Http.propertiesPath(SUB), "{\"LightSwitch\":1}");
        String posted = "alink_southbound_requests_seconds_count{method=\"POST\","
                + "route=\"/v1/devices/{pk}/{dn}/properties\",status=\"202\"}";

        // the server times a request once it has written the answer, which the client may have read before that
        HttpResponse<String> metrics = await().atMost(30, TimeUnit.SECONDS).until(() -> southbound.get("/metrics"),
                scraped -> scraped.body().contains(posted));

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(southbound.metric("alink_gateway_connected")).isEqualTo(1.0);
        assertThat(southbound.metric("alink_gateway_subdevices_online")).isEqualTo(SUBS.size());
        assertThat(metrics.body()).contains("alink_gateway_reconnects_total", "alink_gateway_messages_sent_total",
                "alink_gateway_messages_queued", "alink_gateway_messages_dropped_total",
                "alink_gateway_messages_dead_letters", posted);
    }

    @Test
    void givenAnEventIdThatCannotStandInATopic_whenPosted_thenBadRequestNamingTheFieldInsteadOf202() {
        assertError(southbound.post(devicePath(SUB) + "/events/a%0Ab", "{\"level\":1}"), 400,
                "eventId has the control character U+000A at position 2");
        assertError(southbound.post(devicePath(SUB) + "/events/a%7F", "{\"level\":1}"), 400,
                "eventId has the control character U+007F at position 2");
        // NUL never reaches a route: the HTTP server refuses it in any path
        assertError(southbound.post(devicePath(SUB) + "/events/%00", "{\"level\":1}"), 400, "malformed request");
        assertError(southbound.post(devicePath(SUB) + "/events/" + "e".repeat(51), "{\"level\":1}"), 400,
                "eventId is longer than 50 characters");
    }

    @Test
    void givenAnEncodedSlashInAName_whenPosting_thenItIsAnUnknownDeviceNotAnotherRoute() {
        HttpResponse<String> response = southbound.send(HttpRequest.newBuilder(
                URI.create(daemon.daemon().southboundUri() + "/v1/devices/a1SubDaemn/a%2Fb/properties"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")));

        assertError(response, 404, "no sub-device a1SubDaemn/a/b");
    }

    @Test
    void givenMoreClientsStuckHalfwayThroughARequestLineThanServerThreads_whenAnAdapterPosts_thenItIsAnswered()
            throws Exception {
        List<Socket> stuck = new ArrayList<>();
        try {
            for (int i = 0; i < 2 * ApiServer.DEFAULT_THREADS; i++) {
                Socket socket = new Socket(daemon.daemon().southboundUri().getHost(), daemon.daemon().southboundUri().getPort());
                socket.getOutputStream().write("GET /x HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                stuck.add(socket);
            }

            assertThat(southbound.post(Http.propertiesPath(SUB), "{\"LightSwitch\":1}").statusCode()).isEqualTo(202);
        } finally {
            for (Socket socket : stuck) {
                socket.close();
            }
        }
    }

    private static String devicePath(DeviceId device) {
        return "/v1/devices/" + device.productKey() + "/" + device.deviceName();
    }
}
