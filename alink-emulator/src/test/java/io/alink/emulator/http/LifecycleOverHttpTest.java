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
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopicKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Disable, enable and delete notices, topo/add/notify and list/found through the admin API and over MQTT. */
class LifecycleOverHttpTest {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.of(TestProducts.config());
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A gateway connected with {@code sub} in its topology and logged in. */
    private static TestDevice withLoggedIn(DeviceId gateway, DeviceId sub) {
        TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway, secretOf(gateway));
        assertThat(gw.request(TopicKind.TOPO_ADD, null, AlinkJson.MAPPER.createArrayNode()
                .add(TestDevice.signedEntry(sub, secretOf(sub))))).extracting(r -> r.code()).isEqualTo(200);
        assertThat(gw.request(TopicKind.LOGIN, null, TestDevice.signedEntry(sub, secretOf(sub))).code())
                .isEqualTo(200);
        return gw;
    }

    private static String path(DeviceId device) {
        return "/api/devices/" + device.productKey() + "/" + device.deviceName();
    }

    @Test
    void givenALoggedInSubDevice_whenDisabledAndEnabledOverHttp_thenItsGatewayGetsEachNoticeOnTheSubDevicesTopic()
            throws Exception {
        DeviceId sub = sub(1);
        try (TestDevice gw = withLoggedIn(gateway(1), sub)) {
            assertThat(send("POST", path(sub) + "/disable", null).statusCode()).isEqualTo(204);
            TestDevice.Received disable = gw.await(AlinkTopic.of(TopicKind.DISABLE, sub).topic(), m -> true);
            gw.publish(AlinkTopic.of(TopicKind.DISABLE, sub).replyTopic().topic(),
                    "{\"id\":\"" + disable.json().get("id").asText() + "\",\"code\":200,\"data\":{}}");

            assertThat(send("POST", path(sub) + "/enable", null).statusCode()).isEqualTo(204);
            TestDevice.Received enable = gw.await(AlinkTopic.of(TopicKind.ENABLE, sub).topic(), m -> true);

            assertThat(disable.json().get("method").asText()).isEqualTo("thing.disable");
            assertThat(enable.json().get("method").asText()).isEqualTo("thing.enable");
            // the acknowledgement of a sub-device no longer logged in does not cost the gateway its connection
            assertThat(gw.isConnected()).isTrue();
            assertThat(json(send("GET", path(sub), null)).get("enabled").asBoolean()).isTrue();
        }
    }

    @Test
    void givenAConnectedGateway_whenItIsDisabled_thenItHearsTheNoticeBeforeItIsDisconnected() throws Exception {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(2), secretOf(gateway(2)))) {
            assertThat(send("POST", path(gateway(2)) + "/disable", null).statusCode()).isEqualTo(204);

            TestDevice.Received notice = gw.await(AlinkTopic.of(TopicKind.DISABLE, gateway(2)).topic(), m -> true);
            assertThat(notice.json().get("method").asText()).isEqualTo("thing.disable");
        } finally {
            send("POST", path(gateway(2)) + "/enable", null);
        }
    }

    @Test
    void givenASubDevice_whenDeletedOverHttp_thenTheGatewayIsToldAndTheDeviceIsGoneFromTheTopologyAndTheRegistry()
            throws Exception {
        DeviceId sub = sub(2);
        try (TestDevice gw = withLoggedIn(gateway(3), sub)) {
            assertThat(send("DELETE", path(sub), null).statusCode()).isEqualTo(204);

            TestDevice.Received notice = gw.await(AlinkTopic.of(TopicKind.DELETE, sub).topic(), m -> true);
            assertThat(notice.json().get("method").asText()).isEqualTo("thing.delete");
            assertThat(send("GET", path(sub), null).statusCode()).isEqualTo(404);
            assertThat(json(send("GET", path(gateway(3)), null)).get("topo")).isEmpty();
            assertThat(send("DELETE", path(sub), null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void givenAConnectedGateway_whenTheCloudAsksItToAddSubDevices_thenItGetsTheListAndItsReplyIsTheAnswer()
            throws Exception {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(4), secretOf(gateway(4)))) {
            CompletableFuture<HttpResponse<String>> call = sendAsync("POST",
                    "/api/gateways/a1GwPk0001/gw4/topo/notify?timeoutMs=30000",
                    SubDeviceEntries.identities(List.of(sub(3), sub(4))).toString());

            TestDevice.Received notify = gw.await(AlinkTopic.of(TopicKind.TOPO_ADD_NOTIFY, gateway(4)).topic(),
                    m -> true);
            String id = notify.json().get("id").asText();
            gw.publish(AlinkTopic.of(TopicKind.TOPO_ADD_NOTIFY, gateway(4)).replyTopic().topic(),
                    "{\"id\":\"" + id + "\",\"code\":200,\"data\":{}}");

            assertThat(notify.json().get("method").asText()).isEqualTo("thing.topo.add.notify");
            assertThat(SubDeviceEntries.devices(notify.json().get("params"))).containsExactly(sub(3), sub(4));
            HttpResponse<String> response = call.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("code").asInt()).isEqualTo(200);
        }
    }

    @Test
    void givenBadTopoNotifyRequests_whenSent_thenEachIsRefusedWithWhy() throws Exception {
        String subs = SubDeviceEntries.identities(List.of(sub(5))).toString();

        assertThat(send("POST", "/api/gateways/a1GwPk0001/nosuch/topo/notify", subs).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/api/gateways/a1GwPk0001/gw5/topo/notify", "[]").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/gateways/a1GwPk0001/gw5/topo/notify", "[{\"productKey\":\"x\"}]")
                .statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/gateways/a1SubPk001/sub5/topo/notify", subs).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/gateways/a1GwPk0001/gw5/topo/notify", subs).statusCode()).isEqualTo(409);
    }

    @Test
    void givenAGatewayThatReportsFoundSubDevices_whenFetchedOverHttp_thenItsFoundListShows() throws Exception {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)))) {
            assertThat(gw.request(TopicKind.LIST_FOUND, TopicKind.LIST_FOUND.method(),
                    SubDeviceEntries.identities(List.of(sub(6), sub(7)))).code()).isEqualTo(200);
            assertThat(gw.request(TopicKind.LIST_FOUND, TopicKind.LIST_FOUND.method(), AlinkJson.object()).code())
                    .isEqualTo(460);

            JsonNode found = json(send("GET", path(gateway(1)), null)).get("found");
            assertThat(SubDeviceEntries.devices(found)).containsExactly(sub(6), sub(7));
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return AlinkJson.parse(response.body());
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return sendAsync(method, path, body).get(30, TimeUnit.SECONDS);
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.httpUri() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build();
        return client.sendAsync(request, BodyHandlers.ofString());
    }
}
