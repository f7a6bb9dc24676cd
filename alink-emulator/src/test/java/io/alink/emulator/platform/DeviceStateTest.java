package io.alink.emulator.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.DeviceConfig;
import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import io.alink.emulator.TestDevice;
import io.alink.emulator.TestProducts;
import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceTag;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.ShadowMessage;
import io.alink.protocol.TopicKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tags, desired properties and the device shadow: a plain MQTT device and the admin API against the emulator. */
class DeviceStateTest {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.of(TestProducts.config());
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestDevice connect(DeviceIdentity device) {
        TestDevice connection = TestDevice.connect(emulator.mqttPort(), device.id(), device.deviceSecret());
        emulator.closeAfterTest(connection);
        return connection;
    }

    private static ArrayNode tags(String... keyValues) {
        ArrayNode tags = AlinkJson.MAPPER.createArrayNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            ObjectNode tag = tags.addObject().put("attrKey", keyValues[i]);
            if (keyValues[i + 1] != null) {
                tag.put("attrValue", keyValues[i + 1]);
            }
        }
        return tags;
    }

    // ---- tags -------------------------------------------------------------------------------------------------

    @Test
    void givenADevice_whenItUpdatesAndDeletesTags_thenTheDeviceViewShowsWhatIsLeft() throws Exception {
        DeviceIdentity gw = emulator.newGateway();
        TestDevice device = connect(gw);

        AlinkReply updated = device.request(TopicKind.DEVICEINFO_UPDATE, "thing.deviceinfo.update",
                tags("vendor", "acme", "model", "x1"));
        AlinkReply deleted = device.request(TopicKind.DEVICEINFO_DELETE, "thing.deviceinfo.delete",
                tags("model", null, "neverSet", null));

        assertThat(updated.code()).isEqualTo(200);
        assertThat(deleted.code()).isEqualTo(200);
        HttpResponse<String> view = send("GET", "/api/devices/" + gw.productKey() + "/" + gw.deviceName(), null);
        assertThat(AlinkJson.parse(view.body()).get("tags")).isEqualTo(AlinkJson.parse("{\"vendor\":\"acme\"}"));
    }

    @Test
    void givenOneBadTagKeyAmongGoodOnes_whenUpdating_thenTheReplyIs460AndNoTagIsStored() {
        DeviceIdentity gw = emulator.newGateway();
        TestDevice device = connect(gw);

        AlinkReply reply = device.request(TopicKind.DEVICEINFO_UPDATE, "thing.deviceinfo.update",
                tags("good", "1", "9starts-with-digit", "2"));
        AlinkReply tooLong = device.request(TopicKind.DEVICEINFO_UPDATE, "thing.deviceinfo.update",
                tags("k", "v".repeat(DeviceTag.MAX_VALUE_LENGTH + 1)));

        assertThat(reply.code()).isEqualTo(ReplyCode.REQUEST_PARAMETER_ERROR);
        assertThat(reply.message()).contains("9starts-with-digit");
        assertThat(tooLong.code()).isEqualTo(ReplyCode.REQUEST_PARAMETER_ERROR);
        assertThat(emulator.admin().device(gw.id()).orElseThrow().tags()).isEmpty();
    }

    @Test
    void givenAnUnknownDevice_whenItsDesiredValuesOrShadowAreAsked_thenTheAnswerIs404() throws Exception {
        assertThat(send("GET", "/api/devices/a1GwPk0001/noSuchGw/shadow", null).statusCode()).isEqualTo(404);
        assertThat(send("PUT", "/api/devices/a1GwPk0001/noSuchGw/desired", "{\"a\":1}").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/devices/a1GwPk0001/noSuchGw", null).statusCode()).isEqualTo(404);
    }

    // ---- desired properties -----------------------------------------------------------------------------------

    @Test
    void givenDesiredValuesSetWhileOffline_whenTheDeviceAsks_thenItGetsThemWithTheirVersions() throws Exception {
        DeviceIdentity gw = emulator.newGateway();
        String path = "/api/devices/" + gw.productKey() + "/" + gw.deviceName() + "/desired";
        send("PUT", path, "{\"power\":\"on\",\"temperature\":21}");
        HttpResponse<String> second = send("PUT", path, "{\"power\":\"off\"}");

        TestDevice device = connect(gw);
        AlinkReply reply = device.request(TopicKind.PROPERTY_DESIRED_GET, "thing.property.desired.get",
                AlinkJson.MAPPER.createArrayNode().add("power").add("humidity"));

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(reply.code()).isEqualTo(200);
        assertThat(reply.data()).isEqualTo(AlinkJson.parse("{\"power\":{\"value\":\"off\",\"version\":2}}"));
    }

    @Test
    void givenADesiredValueChangedSinceTheDeviceReadIt_whenTheDeviceDeletesAnOldVersion_thenNothingIsDeleted()
            throws Exception {
        DeviceIdentity gw = emulator.newGateway();
        String path = "/api/devices/" + gw.productKey() + "/" + gw.deviceName() + "/desired";
        send("PUT", path, "{\"power\":\"on\",\"mode\":\"eco\"}");
        send("PUT", path, "{\"power\":\"off\"}");
        TestDevice device = connect(gw);

        AlinkReply stale = device.request(TopicKind.PROPERTY_DESIRED_DELETE, "thing.property.desired.delete",
                AlinkJson.parse("{\"mode\":{},\"power\":{\"version\":1}}"));
        Map<String, ?> afterStale = emulator.admin().deviceState().orElseThrow().desired(gw.id());
        AlinkReply current = device.request(TopicKind.PROPERTY_DESIRED_DELETE, "thing.property.desired.delete",
                AlinkJson.parse("{\"mode\":{},\"power\":{\"version\":2}}"));

        assertThat(stale.code()).isEqualTo(DesiredPropertyHandler.STALE_VERSION_CODE);
        assertThat(afterStale).containsOnlyKeys("power", "mode");
        assertThat(current.code()).isEqualTo(200);
        assertThat(emulator.admin().deviceState().orElseThrow().desired(gw.id())).isEmpty();
    }

    // ---- shadow -----------------------------------------------------------------------------------------------

    private static String shadowUpdate(DeviceIdentity d) {
        return AlinkTopic.of(TopicKind.SHADOW_UPDATE, d.id()).topic();
    }

    private static String shadowGet(DeviceIdentity d) {
        return AlinkTopic.of(TopicKind.SHADOW_GET, d.id()).topic();
    }

    /** Publishes a shadow message and returns the answer that follows it on /shadow/get. */
    private static JsonNode shadow(TestDevice device, DeviceIdentity d, JsonNode message) {
        int before = (int) device.received().stream().filter(m -> m.topic().equals(shadowGet(d))).count();
        device.publish(shadowUpdate(d), message.toString());
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> device.received().stream()
                .filter(m -> m.topic().equals(shadowGet(d))).skip(before).findFirst().orElse(null), m -> m != null)
                .json();
    }

    @Test
    void givenAReportedState_whenTheDeviceGetsItsShadow_thenItSeesReportedAndVersion() {
        DeviceIdentity gw = emulator.newGateway();
        TestDevice device = connect(gw);

        JsonNode updated = shadow(device, gw, ShadowMessage.update(AlinkJson.object().put("color", "red")
                .put("size", 2), 5));
        JsonNode deleted = shadow(device, gw, ShadowMessage.delete(List.of("size"), 6));
        JsonNode got = shadow(device, gw, ShadowMessage.get());

        assertThat(updated.get("payload")).isEqualTo(AlinkJson.parse("{\"status\":\"success\",\"version\":5}"));
        assertThat(deleted.at("/payload/status").asText()).isEqualTo("success");
        assertThat(got.at("/payload/state/reported")).isEqualTo(AlinkJson.parse("{\"color\":\"red\"}"));
        assertThat(got.get("version").asLong()).isEqualTo(6);
        assertThat(got.at("/payload/metadata/reported/color/timestamp").isNumber()).isTrue();
    }

    @Test
    void givenAShadowAtVersion3_whenTheDeviceUpdatesWithVersion3_thenItIsRefusedAsStaleAndNothingChanges() {
        DeviceIdentity gw = emulator.newGateway();
        TestDevice device = connect(gw);
        shadow(device, gw, ShadowMessage.update(AlinkJson.object().put("color", "red"), 3));

        JsonNode stale = shadow(device, gw, ShadowMessage.update(AlinkJson.object().put("color", "blue"), 3));
        JsonNode malformed = shadow(device, gw, AlinkJson.parse("{\"method\":\"update\",\"version\":9}"));

        assertThat(stale.at("/payload/status").asText()).isEqualTo("error");
        assertThat(stale.at("/payload/content/errorcode").asText())
                .isEqualTo(Integer.toString(ShadowMessage.VERSION_CONFLICT));
        assertThat(malformed.at("/payload/content/errorcode").asText())
                .isEqualTo(Integer.toString(ShadowMessage.MISSING_STATE));
        assertThat(emulator.admin().deviceState().orElseThrow().shadow(gw.id()).at("/state/reported/color").asText())
                .isEqualTo("red");
    }

    @Test
    void givenAnOnlineDevice_whenTheCloudSetsTheDesiredShadow_thenTheDeviceGetsControlAndAStaleSetIs409()
            throws Exception {
        DeviceIdentity gw = emulator.newGateway();
        TestDevice device = connect(gw);
        String path = "/api/devices/" + gw.productKey() + "/" + gw.deviceName() + "/shadow";

        HttpResponse<String> set = send("PUT", path, "{\"state\":{\"desired\":{\"color\":\"green\"}},\"version\":2}");
        JsonNode control = device.await(shadowGet(gw), m -> m.json().path("method").asText().equals("control"))
                .json();
        HttpResponse<String> stale = send("PUT", path, "{\"state\":{\"desired\":{\"color\":\"blue\"}},\"version\":2}");
        HttpResponse<String> malformed = send("PUT", path, "{\"state\":{\"desired\":[1]},\"version\":3}");

        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(control.at("/payload/state/desired/color").asText()).isEqualTo("green");
        assertThat(control.get("version").asLong()).isEqualTo(2);
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(AlinkJson.parse(stale.body()).at("/shadow/payload/content/errorcode").asText())
                .isEqualTo(Integer.toString(ShadowMessage.VERSION_CONFLICT));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(AlinkJson.parse(send("GET", path, null).body()).at("/state/desired"))
                .isEqualTo(AlinkJson.parse("{\"color\":\"green\"}"));
    }

    // ---- remote configuration ---------------------------------------------------------------------------------

    @Test
    void givenAnOnlineDevice_whenTheProductsConfigIsPut_thenItIsPushedAndTheLinkServesTheSignedFile()
            throws Exception {
        String productKey = "a1CfgPk001";
        emulator.admin().createProduct(new ProductConfig(productKey, null, NodeType.DEVICE, false,
                List.of(new DeviceConfig("dev1", "secret-of-dev1"))));
        DeviceIdentity dev = new DeviceIdentity(io.alink.protocol.DeviceId.of(productKey, "dev1"), "secret-of-dev1");
        TestDevice device = connect(dev);
        byte[] file = "{\"interval\":30}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> put = send("PUT", "/api/products/" + productKey + "/config", new String(file,
                StandardCharsets.UTF_8));
        JsonNode push = device.await("/sys/" + productKey + "/dev1/thing/config/push", m -> true).json();
        AlinkReply got = device.request(TopicKind.CONFIG_GET, "thing.config.get",
                AlinkJson.parse("{\"configScope\":\"product\",\"getType\":\"file\"}"));
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(got.data().get("url").asText()))
                .build(), BodyHandlers.ofByteArray());
        HttpResponse<byte[]> forged = http.send(HttpRequest.newBuilder(URI.create(got.data().get("url").asText()
                .replaceAll("signature=[0-9a-f]", "signature=x"))).build(), BodyHandlers.ofByteArray());

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(AlinkJson.parse(put.body()).at("/pushedTo/0/deviceName").asText()).isEqualTo("dev1");
        assertThat(push.get("method").asText()).isEqualTo("thing.config.push");
        assertThat(push.at("/params/configSize").asLong()).isEqualTo(file.length);
        assertThat(got.data().get("configId")).isEqualTo(push.at("/params/configId"));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(file);
        assertThat(got.data().get("sign").asText()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(download.body())));
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void givenAnOversizedFileOrAnUnknownProduct_whenTheConfigIsPut_thenItIsRefusedAndTheOldFileStays()
            throws Exception {
        String productKey = TestProducts.SUB_PK;
        send("PUT", "/api/products/" + productKey + "/config", "v1");

        HttpResponse<String> oversized = send("PUT", "/api/products/" + productKey + "/config",
                "x".repeat(RemoteConfigs.MAX_CONFIG_BYTES + 1));
        HttpResponse<String> unknown = send("PUT", "/api/products/a1NoSuchPk/config", "v1");
        HttpResponse<String> current = send("GET", "/api/products/" + productKey + "/config", null);

        assertThat(oversized.statusCode()).isEqualTo(413);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(AlinkJson.parse(current.body()).get("configSize").asLong()).isEqualTo(2);
    }

    @Test
    void givenAProductWithoutConfig_whenADeviceAsks_thenTheReplyIsSuccessWithoutAFile() {
        DeviceIdentity gw = emulator.newGateway();
        TestDevice device = connect(gw);

        AlinkReply got = device.request(TopicKind.CONFIG_GET, "thing.config.get",
                AlinkJson.parse("{\"configScope\":\"product\",\"getType\":\"file\"}"));

        assertThat(got.code()).isEqualTo(200);
        assertThat(got.data().has("url")).isFalse();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.httpUri() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build();
        return http.send(request, BodyHandlers.ofString());
    }
}
