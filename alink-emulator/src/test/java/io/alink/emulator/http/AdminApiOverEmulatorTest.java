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
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SignMethod;
import io.alink.protocol.Signing;
import io.alink.protocol.TopicKind;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin API and HTTP registration against a real emulator, with devices connected over MQTT. */
class AdminApiOverEmulatorTest {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.of(TestProducts.config());
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void givenAConnectedGateway_whenAServiceIsInvokedOverHttp_thenTheDevicesReplyComesBack() throws Exception {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(2), secretOf(gateway(2)))) {
            CompletableFuture<HttpResponse<String>> call = sendAsync("POST",
                    "/api/devices/a1GwPk0001/gw2/services/reboot?timeoutMs=30000", "{\"delay\":2}");

            TestDevice.Received request = gw.await("/sys/a1GwPk0001/gw2/thing/service/reboot", m -> true);
            assertThat(request.json().get("params")).isEqualTo(AlinkJson.parse("{\"delay\":2}"));
            String id = request.json().get("id").asText();
            gw.publish("/sys/a1GwPk0001/gw2/thing/service/reboot_reply",
                    "{\"id\":\"" + id + "\",\"code\":200,\"data\":{\"rebooted\":true},\"message\":\"success\"}");

            HttpResponse<String> response = call.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response)).isEqualTo(AlinkJson.parse(
                    "{\"id\":\"" + id + "\",\"code\":200,\"data\":{\"rebooted\":true},\"message\":\"success\"}"));
        }
    }

    @Test
    void givenAGatewayThatDoesNotAnswer_whenPropertiesAreSetOverHttp_thenGatewayTimeout() throws Exception {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(3), secretOf(gateway(3)))) {
            HttpResponse<String> response = send("POST", "/api/devices/a1GwPk0001/gw3/properties?timeoutMs=300",
                    "{\"Temp\":1}");

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(json(response).get("error").asText()).isEqualTo("timeout");
            gw.await("/sys/a1GwPk0001/gw3/thing/service/property/set", m -> true);
        }
    }

    @Test
    void givenAnOfflineDevice_whenAServiceIsInvokedOverHttp_thenAClientErrorSaysWhy() throws Exception {
        HttpResponse<String> response = send("POST", "/api/devices/a1GwPk0001/gw5/services/reboot", "{}");

        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(json(response).get("message").asText()).isNotBlank();
    }

    @Test
    void givenAGatewayWithASubDevice_whenFetchedOverHttp_thenItsTopologyAndSessionsShow() throws Exception {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(4), secretOf(gateway(4)))) {
            assertThat(gw.request(TopicKind.TOPO_ADD, null, AlinkJson.MAPPER.createArrayNode()
                    .add(TestDevice.signedEntry(sub(31), secretOf(sub(31))))).code()).isEqualTo(200);
            assertThat(gw.request(TopicKind.LOGIN, null, TestDevice.signedEntry(sub(31), secretOf(sub(31)))).code())
                    .isEqualTo(200);

            JsonNode detail = json(send("GET", "/api/devices/a1GwPk0001/gw4", null));
            assertThat(detail.get("online").asBoolean()).isTrue();
            assertThat(detail.get("topo")).isEqualTo(AlinkJson.parse(
                    "[{\"productKey\":\"a1SubPk001\",\"deviceName\":\"sub31\",\"online\":true}]"));

            JsonNode all = json(send("GET", "/api/devices", null));
            assertThat(all).anySatisfy(device -> {
                assertThat(device.get("deviceName").asText()).isEqualTo("sub31");
                assertThat(device.get("gateway")).isEqualTo(AlinkJson.parse("{\"productKey\":\"a1GwPk0001\",\"deviceName\":\"gw4\"}"));
            });
        }
    }

    @Test
    void givenTopologyChangesFromTheCloud_whenMadeOverHttp_thenTheGatewaysTopologyFollows() throws Exception {
        assertThat(send("POST", "/api/devices/a1GwPk0001/gw5/topo", "{\"productKey\":\"a1SubPk001\",\"deviceName\":\"sub32\"}")
                .statusCode()).isEqualTo(204);
        assertThat(json(send("GET", "/api/devices/a1GwPk0001/gw5", null)).get("topo").toString()).contains("sub32");

        assertThat(send("DELETE", "/api/devices/a1GwPk0001/gw5/topo/a1SubPk001/sub32", null).statusCode()).isEqualTo(204);
        assertThat(json(send("GET", "/api/devices/a1GwPk0001/gw5", null)).get("topo").toString()).doesNotContain("sub32");
    }

    @Test
    void givenANewProductAndDevice_whenCreatedOverHttp_thenTheyAreListedAndADuplicateConflicts() throws Exception {
        HttpResponse<String> product = send("POST", "/api/products", """
                {"productKey":"a1HttpPk01","productSecret":"HttpProductSecret","nodeType":"DEVICE",
                 "dynamicRegistration":false,"devices":[{"deviceName":"h1","deviceSecret":"HttpDeviceSecret1"}]}""");
        assertThat(product.statusCode()).as(product.body()).isEqualTo(201);
        assertThat(product.body()).doesNotContain("HttpProductSecret", "HttpDeviceSecret1");

        HttpResponse<String> device = send("POST", "/api/devices",
                "{\"productKey\":\"a1HttpPk01\",\"deviceName\":\"h2\",\"deviceSecret\":\"HttpDeviceSecret2\"}");
        assertThat(device.statusCode()).as(device.body()).isEqualTo(201);
        try (TestDevice h2 = TestDevice.connect(emulator.mqttPort(), DeviceId.of("a1HttpPk01", "h2"), "HttpDeviceSecret2")) {
            assertThat(h2.isConnected()).isTrue();
        }

        assertThat(send("POST", "/api/products", "{\"productKey\":\"a1HttpPk01\",\"nodeType\":\"DEVICE\"}").statusCode())
                .isEqualTo(409);
        assertThat(send("POST", "/api/devices", "{\"productKey\":\"a1HttpPk01\",\"deviceName\":\"h2\"}").statusCode())
                .isEqualTo(409);
        assertThat(send("POST", "/api/devices", "{\"productKey\":\"a1Nowhere1\",\"deviceName\":\"x\"}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void givenADeviceDisabledOverHttp_whenFetched_thenItShowsDisabledUntilEnabledAgain() throws Exception {
        assertThat(send("POST", "/api/devices/a1SubPk001/sub33/disable", null).statusCode()).isEqualTo(204);
        assertThat(json(send("GET", "/api/devices/a1SubPk001/sub33", null)).get("enabled").asBoolean()).isFalse();

        assertThat(send("POST", "/api/devices/a1SubPk001/sub33/enable", null).statusCode()).isEqualTo(204);
        assertThat(json(send("GET", "/api/devices/a1SubPk001/sub33", null)).get("enabled").asBoolean()).isTrue();
    }

    @Test
    void givenABinaryMessageFromADevice_whenTheLogIsReadOverHttp_thenItIsBase64Encoded() throws Exception {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)))) {
            gw.publish("/a1GwPk0001/gw1/user/update", new byte[] {(byte) 0xff, (byte) 0xfe, 1}, 1);
            gw.publish("/a1GwPk0001/gw1/user/update", "plain text".getBytes(StandardCharsets.UTF_8), 1);

            JsonNode messages = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                    () -> json(send("GET", "/api/messages?productKey=a1GwPk0001&deviceName=gw1&limit=10", null)),
                    log -> log.size() >= 2);

            assertThat(messages).anySatisfy(m -> {
                assertThat(m.get("payload").asText()).isEqualTo("//4B");
                assertThat(m.get("payloadEncoding").asText()).isEqualTo("base64");
            });
            JsonNode newest = messages.get(messages.size() - 1);
            assertThat(newest.get("payload").asText()).isEqualTo("plain text");
            assertThat(newest.get("topic").asText()).isEqualTo("/a1GwPk0001/gw1/user/update");
            assertThat(newest.has("payloadEncoding")).isFalse();
        }
    }

    @Test
    void givenAPreRegisteredDevice_whenItRegistersOverHttp_thenItGetsASecretThatConnectsAndCannotRegisterOnceActivated() throws Exception {
        DeviceId device = DeviceId.of(TestProducts.GW_PK, "gwNew2");
        String sign = Signing.registrationSign(SignMethod.HMAC_SHA256, device, TestProducts.GW_PRODUCT_SECRET, "8765");
        Map<String, String> form = Map.of("productKey", device.productKey(), "deviceName", device.deviceName(),
                "random", "8765", "sign", sign, "signMethod", "hmacsha256");

        HttpResponse<String> first = register(form);

        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode issued = json(first);
        assertThat(issued.get("code").asInt()).isEqualTo(200);
        assertThat(issued.get("message").asText()).isEqualTo("success");
        assertThat(issued.get("data").get("productKey").asText()).isEqualTo(device.productKey());
        assertThat(issued.get("data").get("deviceName").asText()).isEqualTo(device.deviceName());
        assertThat(issued.has("id")).isFalse();
        try (TestDevice registered = TestDevice.connect(emulator.mqttPort(), device,
                issued.get("data").get("deviceSecret").asText())) {
            assertThat(registered.isConnected()).isTrue();
        }

        HttpResponse<String> again = register(form);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("code").asInt()).isEqualTo(ReplyCode.DEVICE_ALREADY_ACTIVATED);
    }

    @Test
    void givenABadSign_whenRegisteringOverHttp_thenHttp200WithAnAuthErrorCode() throws Exception {
        HttpResponse<String> response = register(Map.of("productKey", TestProducts.SUB_PK, "deviceName", "reg5",
                "random", "1", "sign", "00", "signMethod", "hmacsha256"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("code").asInt()).isEqualTo(ReplyCode.AUTH_ERROR);
        assertThat(json(response).has("data")).isFalse();
    }

    private static HttpResponse<String> register(Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return client.send(HttpRequest.newBuilder(uri("/auth/register/device"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(BodyPublishers.ofString(body)).build(),
                BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return AlinkJson.parse(response.body());
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return sendAsync(method, path, body).get(30, TimeUnit.SECONDS);
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build();
        return client.sendAsync(request, BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + emulator.httpPort() + path);
    }
}
