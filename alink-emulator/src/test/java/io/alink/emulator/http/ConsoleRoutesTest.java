package io.alink.emulator.http;

import static io.alink.emulator.TestProducts.gateway;
import static io.alink.emulator.TestProducts.secretOf;
import static io.alink.emulator.TestProducts.sub;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.TestDevice;
import io.alink.emulator.TestProducts;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.MqttCredentials;
import io.alink.protocol.SignMethod;
import io.alink.protocol.TopicKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console's event log and live stream over a real emulator, with devices connecting over MQTT. */
class ConsoleRoutesTest {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.of(TestProducts.config());
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void givenAWrongSecret_whenTheGatewayConnects_thenTheRefusalIsLoggedWithItsReasonAndNoSecret() throws Exception {
        DeviceId gw = gateway(1);
        MqttCredentials wrong = MqttCredentials.forDevice(gw, "not-the-secret", SignMethod.HMAC_SHA256,
                "2524608000000", false, Map.of());

        assertThat(TestDevice.tryConnect(emulator.mqttPort(), wrong, gw, 60)).isNotNull();

        JsonNode events = events("?device=a1GwPk0001/gw1");
        assertThat(events).anySatisfy(event -> {
            assertThat(event.get("kind").asText()).isEqualTo("CONNECT_REFUSED");
            assertThat(event.get("code").asText()).isEqualTo("BAD_USERNAME_OR_PASSWORD");
            assertThat(event.get("reason").asText()).isEqualTo("bad sign for a1GwPk0001/gw1");
        });
        assertThat(events.toString()).doesNotContain(wrong.password());
    }

    @Test
    void givenASubDeviceLogin_whenLogged_thenItsSignIsMaskedAndTheReplyShowsAsACloudToDeviceMessage() throws Exception {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(2), secretOf(gateway(2)))) {
            JsonNode entry = TestDevice.signedEntry(sub(2), secretOf(sub(2)));
            gw.request(TopicKind.TOPO_ADD, null, AlinkJson.MAPPER.createArrayNode().add(entry));

            JsonNode events = events("?device=a1GwPk0001/gw2&topic=topo/add");

            assertThat(events).anySatisfy(event -> {
                assertThat(event.get("kind").asText()).isEqualTo("MESSAGE_UP");
                assertThat(AlinkJson.parse(event.get("payload").asText()).at("/params/0/sign").asText())
                        .isEqualTo("***");
            });
            assertThat(events).anySatisfy(event -> {
                assertThat(event.get("kind").asText()).isEqualTo("MESSAGE_DOWN");
                assertThat(event.get("topic").asText()).isEqualTo("/sys/a1GwPk0001/gw2/thing/topo/add_reply");
            });
            assertThat(events.toString()).doesNotContain(entry.get("sign").asText());
        }
    }

    @Test
    void givenAnOpenStream_whenADeviceSendsAMessage_thenItArrivesLiveAndAfterItTheDisconnectWithItsReason()
            throws Exception {
        BlockingQueue<String> stream = openStream();
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(3), secretOf(gateway(3)))) {
            gw.publish("/sys/a1GwPk0001/gw3/thing/event/property/post",
                    "{\"id\":\"1\",\"version\":\"1.0\",\"params\":{\"Temp\":21.5}}");

            JsonNode message = nextEvent(stream, "MESSAGE_UP");
            assertThat(message.get("topic").asText()).isEqualTo("/sys/a1GwPk0001/gw3/thing/event/property/post");
            assertThat(message.get("payload").asText()).contains("21.5");
        }

        JsonNode disconnect = nextEvent(stream, "DISCONNECTED");
        assertThat(disconnect.get("deviceName").asText()).isEqualTo("gw3");
        assertThat(disconnect.get("reason").asText()).isEqualTo("the device sent DISCONNECT");
    }

    @Test
    void givenARefusedConnect_whenAStreamOpensWithTheLastEventIdBeforeIt_thenTheRefusalIsReplayedFirst()
            throws Exception {
        DeviceId gw = gateway(1);
        TestDevice.tryConnect(emulator.mqttPort(), MqttCredentials.forDevice(gw, "wrong", SignMethod.HMAC_SHA256,
                "2524608000000", false, Map.of()), gw, 60);
        JsonNode refusal = events("?device=a1GwPk0001/gw1").get(0);

        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(
                URI.create(emulator.httpUri() + "/api/stream")).header("Last-Event-ID",
                Long.toString(refusal.get("seq").asLong() - 1)).build(), HttpResponse.BodyHandlers.ofLines());

        String firstEvent = response.body().filter(line -> line.startsWith("data: ")).findFirst().orElseThrow();
        response.body().close();
        assertThat(AlinkJson.parse(firstEvent.substring(6))).isEqualTo(refusal);
    }

    @Test
    void givenAGateway_whenItSubscribesToAnotherDevicesTopic_thenTheDenialIsLogged() throws Exception {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(4), secretOf(gateway(4)))) {
            gw.subscribe("/sys/a1GwPk0001/gw5/thing/service/+");

            assertThat(events("?device=a1GwPk0001/gw4")).anySatisfy(event -> {
                assertThat(event.get("kind").asText()).isEqualTo("SUBSCRIBE_DENIED");
                assertThat(event.get("topic").asText()).isEqualTo("/sys/a1GwPk0001/gw5/thing/service/+");
            });
        }
    }

    @Test
    void givenADeviceThatReportsTags_whenItsTagsAreAsked_thenTheyShowAndLastSeenIsKnown() throws Exception {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(5), secretOf(gateway(5)))) {
            gw.request(TopicKind.DEVICEINFO_UPDATE, "thing.deviceinfo.update",
                    AlinkJson.parse("[{\"attrKey\":\"site\",\"attrValue\":\"hall 3\"}]"));

            assertThat(json(get("/api/devices/a1GwPk0001/gw5/tags"))).isEqualTo(AlinkJson.parse("{\"site\":\"hall 3\"}"));
            assertThat(json(get("/api/presence"))).anySatisfy(device -> {
                assertThat(device.get("deviceName").asText()).isEqualTo("gw5");
                assertThat(device.get("lastSeen").asLong()).isPositive();
            });
        }
    }

    @Test
    void givenABadFilter_whenEventsAreAsked_thenBadRequestSaysWhy() throws Exception {
        HttpResponse<String> response = get("/api/events?since=-3");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).contains("since");
    }

    private static JsonNode events(String query) throws Exception {
        HttpResponse<String> response = get("/api/events" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(emulator.httpUri() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return AlinkJson.parse(response.body());
    }

    private static BlockingQueue<String> openStream() throws Exception {
        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(
                URI.create(emulator.httpUri() + "/api/stream")).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> response.body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static JsonNode nextEvent(BlockingQueue<String> lines, String kind) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (String line = lines.poll(100, TimeUnit.MILLISECONDS); line != null; line = lines.poll()) {
                if (line.startsWith("data: ")) {
                    JsonNode event = AlinkJson.parse(line.substring(6));
                    if (event.get("kind").asText().equals(kind)) {
                        return event;
                    }
                }
            }
            return null;
        }, event -> event != null);
    }
}
