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
import io.alink.protocol.TopicKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RRPC and sync service calls through the admin API, against a real emulator with devices connected over MQTT. */
class RrpcOverHttpTest {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.of(TestProducts.config());
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void givenAConnectedGateway_whenRrpcIsSentOverHttp_thenTheDevicesAnswerComesBackAsThePlatformsApiGivesIt()
            throws Exception {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)))) {
            CompletableFuture<HttpResponse<String>> call = sendAsync("/api/devices/a1GwPk0001/gw1/rrpc?timeoutMs=8000",
                    "open the valve");

            TestDevice.Received request = gw.await(null, m -> m.topic().startsWith("/sys/a1GwPk0001/gw1/rrpc/request/"));
            assertThat(request.text()).isEqualTo("open the valve");
            String messageId = request.topic().substring(request.topic().lastIndexOf('/') + 1);
            gw.publish("/sys/a1GwPk0001/gw1/rrpc/response/" + messageId, "opened");

            HttpResponse<String> response = call.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response)).isEqualTo(AlinkJson.object().put("rrpcCode", "SUCCESS")
                    .put("messageId", messageId)
                    .put("payloadBase64Byte", Base64.getEncoder().encodeToString("opened".getBytes()))
                    .put("payload", "opened"));
        }
    }

    @Test
    void givenACustomTopic_whenRrpcIsSentOnIt_thenItArrivesWrappedAndTheAnswerOnTheSameTopicComesBack()
            throws Exception {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(2), secretOf(gateway(2)))) {
            gw.subscribe("/ext/rrpc/+/a1GwPk0001/gw2/user/get");
            CompletableFuture<HttpResponse<String>> call = sendAsync(
                    "/api/devices/a1GwPk0001/gw2/rrpc?timeoutMs=8000&topic=/a1GwPk0001/gw2/user/get", "ping");

            TestDevice.Received request = gw.await(null, m -> m.topic().startsWith("/ext/rrpc/")
                    && m.topic().endsWith("/a1GwPk0001/gw2/user/get"));
            gw.publish(request.topic(), "pong");

            JsonNode answer = json(call.get(30, TimeUnit.SECONDS));
            assertThat(answer.get("rrpcCode").asText()).isEqualTo("SUCCESS");
            assertThat(answer.get("payload").asText()).isEqualTo("pong");
            assertThat(request.topic()).isEqualTo("/ext/rrpc/" + answer.get("messageId").asText()
                    + "/a1GwPk0001/gw2/user/get");
        }
    }

    @Test
    void givenADeviceThatDoesNotAnswer_whenRrpcIsSent_thenThePlatformsTimeoutCodeComesBack() throws Exception {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(3), secretOf(gateway(3)))) {
            HttpResponse<String> response = send("/api/devices/a1GwPk0001/gw3/rrpc?timeoutMs=1000", "anyone?");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("rrpcCode").asText()).isEqualTo("TIMEOUT");
            assertThat(json(response).has("payload")).isFalse();
        }
    }

    @Test
    void givenATimeoutOutOfThePlatformsRange_whenRrpcOrASyncServiceIsSent_thenBadRequestAndNothingIsSent()
            throws Exception {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(4), secretOf(gateway(4)))) {
            HttpResponse<String> tooShort = send("/api/devices/a1GwPk0001/gw4/rrpc?timeoutMs=999", "x");
            HttpResponse<String> tooLong = send("/api/devices/a1GwPk0001/gw4/services/reboot?sync=true&timeoutMs=8001",
                    "{}");

            assertThat(tooShort.statusCode()).isEqualTo(400);
            assertThat(json(tooShort).get("message").asText()).contains("timeoutMs").contains("1000").contains("8000");
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(gw.received()).noneMatch(m -> m.topic().contains("rrpc"));
        }
    }

    @Test
    void givenAnUnknownOrOfflineDevice_whenRrpcIsSent_thenNotFoundOrConflict() throws Exception {
        assertThat(send("/api/devices/a1GwPk0001/nosuch/rrpc?timeoutMs=1000", "x").statusCode()).isEqualTo(404);
        assertThat(send("/api/devices/a1GwPk0001/gw5/rrpc?timeoutMs=1000", "x").statusCode()).isEqualTo(409);
    }

    @Test
    void givenALoggedInSubDevice_whenASyncServiceIsInvoked_thenItArrivesAsAnAlinkRequestInRrpcAndItsReplyComesBack()
            throws Exception {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(5), secretOf(gateway(5)))) {
            assertThat(gw.request(TopicKind.TOPO_ADD, null, AlinkJson.MAPPER.createArrayNode()
                    .add(TestDevice.signedEntry(sub(1), secretOf(sub(1))))).code()).isEqualTo(200);
            assertThat(gw.request(TopicKind.LOGIN, null, TestDevice.signedEntry(sub(1), secretOf(sub(1)))).code())
                    .isEqualTo(200);
            CompletableFuture<HttpResponse<String>> call = sendAsync(
                    "/api/devices/a1SubPk001/sub1/services/measure?sync=true&timeoutMs=8000", "{\"range\":3}");

            TestDevice.Received request = gw.await(null, m -> m.topic().startsWith("/sys/a1SubPk001/sub1/rrpc/request/"));
            assertThat(request.json().get("method").asText()).isEqualTo("thing.service.measure");
            assertThat(request.json().get("params")).isEqualTo(AlinkJson.parse("{\"range\":3}"));
            String id = request.json().get("id").asText();
            gw.publish(request.topic().replace("/request/", "/response/"),
                    "{\"id\":\"" + id + "\",\"code\":200,\"data\":{\"value\":42}}");

            HttpResponse<String> response = call.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("code").asInt()).isEqualTo(200);
            assertThat(json(response).get("data")).isEqualTo(AlinkJson.parse("{\"value\":42}"));
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return AlinkJson.parse(response.body());
    }

    private static HttpResponse<String> send(String path, String body) throws Exception {
        return sendAsync(path, body).get(30, TimeUnit.SECONDS);
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.httpUri() + path))
                .timeout(Duration.ofSeconds(30)).POST(BodyPublishers.ofString(body)).build();
        return client.sendAsync(request, BodyHandlers.ofString());
    }
}
