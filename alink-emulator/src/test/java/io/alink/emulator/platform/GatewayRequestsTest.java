package io.alink.emulator.platform;

import static io.alink.emulator.TestProducts.gateway;
import static io.alink.emulator.TestProducts.secretOf;
import static io.alink.emulator.TestProducts.sub;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.DeviceView;
import io.alink.emulator.TestDevice;
import io.alink.emulator.TestProducts;
import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopicKind;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A plain MQTT client acting as a gateway exercises the topo, session and registration handlers. */
class GatewayRequestsTest {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.of(TestProducts.config());

    private static TestDevice gatewayConnection(int n) {
        return TestDevice.connect(emulator.mqttPort(), gateway(n), secretOf(gateway(n)));
    }

    private static ArrayNode entries(DeviceId... subs) {
        ArrayNode list = AlinkJson.MAPPER.createArrayNode();
        for (DeviceId s : subs) {
            list.add(TestDevice.signedEntry(s, secretOf(s)));
        }
        return list;
    }

    private static ArrayNode names(DeviceId... subs) {
        return SubDeviceEntries.identities(List.of(subs));
    }

    @Test
    void givenSignedSubDevicesWhenTheGatewayAddsThemThenTopoGetListsThemInOrder() {
        try (TestDevice gw = gatewayConnection(1)) {
            AlinkReply added = gw.request(TopicKind.TOPO_ADD, "thing.topo.add", entries(sub(1), sub(2)));
            assertThat(added.code()).isEqualTo(200);
            assertThat(added.data()).isEqualTo(names(sub(1), sub(2)));
            assertThat(added.method()).isEqualTo("thing.topo.add");

            AlinkReply topo = gw.request(TopicKind.TOPO_GET, "thing.topo.get", AlinkJson.object());
            assertThat(topo.data()).isEqualTo(names(sub(1), sub(2)));

            AlinkReply deleted = gw.request(TopicKind.TOPO_DELETE, "thing.topo.delete", names(sub(2)));
            assertThat(deleted.code()).isEqualTo(200);
            assertThat(gw.request(TopicKind.TOPO_GET, "thing.topo.get", AlinkJson.object()).data())
                    .isEqualTo(names(sub(1)));
        }
    }

    @Test
    void givenAForgedSignWhenAddingTopoThenTheReplyIs401AndNothingIsAdded() {
        try (TestDevice gw = gatewayConnection(2)) {
            ObjectNode forged = TestDevice.signedEntry(sub(3), "not-the-secret");
            AlinkReply reply = gw.request(TopicKind.TOPO_ADD, null, AlinkJson.MAPPER.createArrayNode()
                    .add(TestDevice.signedEntry(sub(4), secretOf(sub(4)))).add(forged));
            assertThat(reply.code()).isEqualTo(ReplyCode.AUTH_ERROR);
            assertThat(reply.data()).isEqualTo(names(sub(3)));
            assertThat(emulator.admin().device(gateway(2)).orElseThrow().topo()).isEmpty();
        }
    }

    @Test
    void givenMoreThanThirtyEntriesWhenAddingTopoThenTheReplyIs460() {
        try (TestDevice gw = gatewayConnection(2)) {
            DeviceId[] subs = IntStream.rangeClosed(1, 31).mapToObj(TestProducts::sub).toArray(DeviceId[]::new);
            AlinkReply reply = gw.request(TopicKind.TOPO_ADD, null, entries(subs));
            assertThat(reply.code()).isEqualTo(ReplyCode.REQUEST_PARAMETER_ERROR);
            assertThat(reply.message()).contains("at most 30");
        }
    }

    @Test
    void givenTheGatewayItselfOrAnUnknownDeviceWhenAddingTopoThenTheDocumentedCodesComeBack() {
        try (TestDevice gw = gatewayConnection(2)) {
            ArrayNode self = AlinkJson.MAPPER.createArrayNode().add(TestDevice.signedEntry(gateway(2), secretOf(gateway(2))));
            assertThat(gw.request(TopicKind.TOPO_ADD, null, self).code()).isEqualTo(ReplyCode.TOPO_CANNOT_ADD_SELF);
            ArrayNode unknown = AlinkJson.MAPPER.createArrayNode()
                    .add(TestDevice.signedEntry(DeviceId.of(TestProducts.SUB_PK, "ghost"), "x"));
            assertThat(gw.request(TopicKind.TOPO_ADD, null, unknown).code()).isEqualTo(ReplyCode.DEVICE_NOT_FOUND);
        }
    }

    @Test
    void givenNoTopologyWhenASubDeviceLogsInThenItIsRefusedAndStaysOffline() {
        try (TestDevice gw = gatewayConnection(3)) {
            AlinkReply reply = gw.request(TopicKind.LOGIN, "combine.login", TestDevice.signedEntry(sub(5), secretOf(sub(5))));
            assertThat(reply.code()).isEqualTo(ReplyCode.TOPO_RELATION_NOT_EXIST);
            assertThat(emulator.admin().device(sub(5)).orElseThrow().online()).isFalse();
        }
    }

    @Test
    void givenTopologyWhenASubDeviceLogsInThenItIsOnlineThroughTheGatewayAndItsTrafficIsAnswered() {
        try (TestDevice gw = gatewayConnection(3)) {
            assertThat(gw.request(TopicKind.TOPO_ADD, null, entries(sub(6))).code()).isEqualTo(200);
            AlinkReply login = gw.request(TopicKind.LOGIN, "combine.login", TestDevice.signedEntry(sub(6), secretOf(sub(6))));
            assertThat(login.code()).isEqualTo(200);
            assertThat(login.data()).isEqualTo(SubDeviceEntries.identity(sub(6)));
            assertThat(emulator.admin().device(sub(6)).orElseThrow().gateway()).isEqualTo(gateway(3));

            ObjectNode props = AlinkJson.object().put("LightSwitch", 1);
            AlinkReply post = gw.request(io.alink.protocol.AlinkTopic.of(TopicKind.PROPERTY_POST, sub(6)),
                    "thing.event.property.post", props);
            assertThat(post.code()).isEqualTo(200);
            AlinkReply event = gw.request(io.alink.protocol.AlinkTopic.of(TopicKind.EVENT_POST, sub(6), "lowpower"),
                    "thing.event.lowpower.post", AlinkJson.object().put("power", 10));
            assertThat(event.code()).isEqualTo(200);

            AlinkReply logout = gw.request(TopicKind.LOGOUT, "combine.logout", SubDeviceEntries.identity(sub(6)));
            assertThat(logout.code()).isEqualTo(200);
            assertThat(emulator.admin().device(sub(6)).orElseThrow().online()).isFalse();
        }
    }

    @Test
    void givenAnotherGatewaysSubDeviceWhenAGatewayDeletesOrLogsItOutThenNoTopoRelationAndNothingChanges() {
        DeviceIdentity owner = emulator.newGateway();
        DeviceIdentity stranger = emulator.newGateway();
        DeviceIdentity sub = emulator.newSubDevice();
        try (TestDevice ownerGw = TestDevice.connect(emulator.mqttPort(), owner.id(), owner.deviceSecret());
             TestDevice strangerGw = TestDevice.connect(emulator.mqttPort(), stranger.id(), stranger.deviceSecret())) {
            ObjectNode signed = TestDevice.signedEntry(sub.id(), sub.deviceSecret());
            assertThat(ownerGw.request(TopicKind.TOPO_ADD, null, AlinkJson.MAPPER.createArrayNode().add(signed)).code())
                    .isEqualTo(200);
            assertThat(ownerGw.request(TopicKind.LOGIN, null, signed).code()).isEqualTo(200);

            AlinkReply deleted = strangerGw.request(TopicKind.TOPO_DELETE, null, names(sub.id()));
            AlinkReply loggedOut = strangerGw.request(TopicKind.LOGOUT, null, SubDeviceEntries.identity(sub.id()));
            AlinkReply batchLoggedOut = strangerGw.request(TopicKind.BATCH_LOGOUT, null, names(sub.id()));

            assertThat(List.of(deleted, loggedOut, batchLoggedOut)).allSatisfy(reply -> {
                assertThat(reply.code()).isEqualTo(ReplyCode.TOPO_RELATION_NOT_EXIST);
                assertThat(reply.data()).isEqualTo(names(sub.id()));
            });
            DeviceView after = emulator.admin().device(sub.id()).orElseThrow();
            assertThat(after.online()).isTrue();
            assertThat(after.gateway()).isEqualTo(owner.id());
            assertThat(emulator.admin().device(owner.id()).orElseThrow().topo())
                    .extracting(DeviceView.TopoEntry::deviceName).containsExactly(sub.deviceName());
        }
    }

    @Test
    void givenAnOfflineSubDeviceOfItsOwnTopologyWhenTheGatewayLogsItOutThenItSucceedsWithoutEffect() {
        DeviceIdentity gateway = emulator.newGateway();
        DeviceIdentity sub = emulator.newSubDevice();
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway.id(), gateway.deviceSecret())) {
            assertThat(gw.request(TopicKind.TOPO_ADD, null, AlinkJson.MAPPER.createArrayNode()
                    .add(TestDevice.signedEntry(sub.id(), sub.deviceSecret()))).code()).isEqualTo(200);

            AlinkReply loggedOut = gw.request(TopicKind.LOGOUT, null, SubDeviceEntries.identity(sub.id()));
            AlinkReply batchLoggedOut = gw.request(TopicKind.BATCH_LOGOUT, null, names(sub.id()));

            assertThat(loggedOut.code()).isEqualTo(200);
            assertThat(batchLoggedOut.code()).isEqualTo(200);
            assertThat(emulator.admin().device(sub.id()).orElseThrow().online()).isFalse();
        }
    }

    @Test
    void givenASubDeviceNotLoggedInWhenTheGatewayPublishesForItThenTheErrorChannelSays520() {
        try (TestDevice gw = gatewayConnection(3)) {
            assertThat(gw.request(TopicKind.TOPO_ADD, null, entries(sub(7))).code()).isEqualTo(200);
            gw.publish(io.alink.protocol.AlinkTopic.of(TopicKind.PROPERTY_POST, sub(7)).topic(),
                    AlinkRequest.of("77", null, AlinkJson.object().put("a", 1)).toBytes(), 1);
            TestDevice.Received error = gw.await("/ext/error/a1SubPk001/sub7", m -> true);
            JsonNode json = error.json();
            assertThat(json.get("code").asInt()).isEqualTo(ReplyCode.NO_ACTIVE_SESSION);
            assertThat(json.get("id").asText()).isEqualTo("77");
            assertThat(json.get("data")).isEqualTo(SubDeviceEntries.identity(sub(7)));
        }
    }

    @Test
    void givenBatchLoginOverFiftyThenItIsRefusedWholeAndAtFiftyItSucceeds() {
        try (TestDevice gw = gatewayConnection(4)) {
            List<DeviceId> subs = IntStream.rangeClosed(1, 40).mapToObj(TestProducts::sub).toList();
            for (int i = 0; i < subs.size(); i += 30) {
                DeviceId[] chunk = subs.subList(i, Math.min(subs.size(), i + 30)).toArray(DeviceId[]::new);
                assertThat(gw.request(TopicKind.TOPO_ADD, null, entries(chunk)).code()).isEqualTo(200);
            }
            ArrayNode list = entries(subs.toArray(DeviceId[]::new));
            for (int i = 0; i < 11; i++) {
                list.add(list.get(i).deepCopy());
            }
            ObjectNode tooMany = AlinkJson.object().put("signMethod", "hmacSha1");
            tooMany.set("deviceList", list);
            assertThat(gw.request(TopicKind.BATCH_LOGIN, null, tooMany).code()).isEqualTo(ReplyCode.REQUEST_PARAMETER_ERROR);

            ObjectNode ok = AlinkJson.object().put("signMethod", "hmacSha1");
            ok.set("deviceList", entries(subs.toArray(DeviceId[]::new)));
            AlinkReply reply = gw.request(TopicKind.BATCH_LOGIN, null, ok);
            assertThat(reply.code()).isEqualTo(200);
            assertThat(reply.data()).hasSize(40);
            assertThat(emulator.admin().device(gateway(4)).orElseThrow().topo())
                    .allMatch(DeviceView.TopoEntry::online);

            AlinkReply out = gw.request(TopicKind.BATCH_LOGOUT, null, names(subs.toArray(DeviceId[]::new)));
            assertThat(out.code()).isEqualTo(200);
            assertThat(emulator.admin().device(sub(1)).orElseThrow().online()).isFalse();
        }
    }

    @Test
    void givenOneBadSignInABatchWhenLoggingInThenNoneIsLoggedIn() {
        try (TestDevice gw = gatewayConnection(5)) {
            assertThat(gw.request(TopicKind.TOPO_ADD, null, entries(sub(8), sub(9))).code()).isEqualTo(200);
            ObjectNode batch = AlinkJson.object().put("signMethod", "hmacSha1");
            batch.set("deviceList", AlinkJson.MAPPER.createArrayNode().add(TestDevice.signedEntry(sub(8), secretOf(sub(8))))
                    .add(TestDevice.signedEntry(sub(9), "forged")));
            AlinkReply reply = gw.request(TopicKind.BATCH_LOGIN, null, batch);
            assertThat(reply.code()).isEqualTo(ReplyCode.AUTH_ERROR);
            assertThat(reply.data()).isEqualTo(names(sub(9)));
            assertThat(emulator.admin().device(sub(8)).orElseThrow().online()).isFalse();
        }
    }

    @Test
    void givenAPreRegisteredSubDeviceWhenTheGatewayRegistersItThenASecretIsIssuedThatLogsIn() {
        try (TestDevice gw = gatewayConnection(5)) {
            DeviceId reg = DeviceId.of(TestProducts.SUB_PK, "reg1");
            AlinkReply reply = gw.request(TopicKind.SUB_REGISTER, "thing.sub.register", names(reg));
            assertThat(reply.code()).isEqualTo(200);
            JsonNode issued = reply.data().get(0);
            assertThat(issued.get("deviceName").asText()).isEqualTo("reg1");
            assertThat(issued.get("iotId").asText()).isNotEmpty();
            String secret = issued.get("deviceSecret").asText();
            assertThat(secret).hasSize(32);

            assertThat(gw.request(TopicKind.TOPO_ADD, null, AlinkJson.MAPPER.createArrayNode()
                    .add(TestDevice.signedEntry(reg, secret))).code()).isEqualTo(200);
            assertThat(gw.request(TopicKind.LOGIN, null, TestDevice.signedEntry(reg, secret)).code()).isEqualTo(200);
            assertThat(gw.request(TopicKind.SUB_REGISTER, null, names(reg)).code())
                    .as("an activated device cannot register again").isEqualTo(ReplyCode.DEVICE_ALREADY_ACTIVATED);
        }
    }

    @Test
    void givenAProductWithoutDynamicRegistrationOrAnUnknownNameThenSubRegisterIsRefused() {
        try (TestDevice gw = gatewayConnection(5)) {
            assertThat(gw.request(TopicKind.SUB_REGISTER, null, names(DeviceId.of(TestProducts.LOCKED_PK, "locked1")))
                    .code()).isEqualTo(ReplyCode.DYNAMIC_REGISTRATION_DISABLED);
            assertThat(gw.request(TopicKind.SUB_REGISTER, null, names(DeviceId.of(TestProducts.SUB_PK, "nobody")))
                    .code()).isEqualTo(ReplyCode.DEVICE_NOT_FOUND);
        }
    }

    @Test
    void givenMalformedJsonOrWrongTypesThenTheReplyIs460AndTheConnectionSurvives() {
        try (TestDevice gw = gatewayConnection(5)) {
            gw.publish("/sys/a1GwPk0001/gw5/thing/topo/add", "{\"id\":\"1\",\"params\":[");
            assertThat(gw.await("/sys/a1GwPk0001/gw5/thing/topo/add_reply", m -> true).json().get("code").asInt())
                    .isEqualTo(460);
            AlinkReply notAList = gw.request(TopicKind.TOPO_ADD, null, AlinkJson.object());
            assertThat(notAList.code()).isEqualTo(460);
            assertThat(notAList.message()).contains("array");
            ArrayNode missing = AlinkJson.MAPPER.createArrayNode().add(AlinkJson.object().put("productKey", "x"));
            assertThat(gw.request(TopicKind.TOPO_DELETE, null, missing).message()).contains("deviceName");
            gw.publish("/sys/a1GwPk0001/gw5/thing/deviceinfo/update", "{\"id\":\"9\",\"params\":[{\"attrKey\":\"a\"}"
                    + "{\"attrKey\":\"b\"}]}");
            assertThat(gw.await("/sys/a1GwPk0001/gw5/thing/deviceinfo/update_reply", m -> true).json().get("code")
                    .asInt()).isEqualTo(460);
            assertThat(gw.request(TopicKind.TOPO_GET, null, AlinkJson.object()).code()).isEqualTo(200);
            assertThat(gw.isConnected()).isTrue();
        }
    }

    @Test
    void givenAnOversizedPayloadThenTheReplyIs460() {
        try (TestDevice gw = gatewayConnection(5)) {
            String big = "{\"id\":\"5\",\"params\":{\"blob\":\"" + "x".repeat(300 * 1024) + "\"}}";
            gw.publish("/sys/a1GwPk0001/gw5/thing/event/property/post", big.getBytes(), 1);
            JsonNode reply = gw.await("/sys/a1GwPk0001/gw5/thing/event/property/post_reply", m -> true).json();
            assertThat(reply.get("code").asInt()).isEqualTo(460);
            assertThat(reply.get("message").asText()).contains("limit");
        }
    }

    @Test
    void linkSdk4TopoGetWithStringParamsAndEmptyIdIsAnsweredWithTheSameId() {
        try (TestDevice gw = gatewayConnection(5)) {
            gw.publish("/sys/a1GwPk0001/gw5/thing/topo/get", "{\"id\":\"\",\"version\":\"1.0\",\"params\":\"{}\"}");
            JsonNode reply = gw.await("/sys/a1GwPk0001/gw5/thing/topo/get_reply", m -> true).json();
            assertThat(reply.get("id").asText()).isEmpty();
            assertThat(reply.get("code").asInt()).isEqualTo(200);
            assertThat(reply.has("message")).isTrue();
        }
    }

    @Test
    void ntpRequestIsAnsweredWithTheDeviceTimeEchoedAndServerTimes() {
        try (TestDevice gw = gatewayConnection(5)) {
            long before = System.currentTimeMillis();
            gw.publish("/ext/ntp/a1GwPk0001/gw5/request", "{\"deviceSendTime\":\"1234\"}");
            JsonNode response = gw.await("/ext/ntp/a1GwPk0001/gw5/response", m -> true).json();
            assertThat(response.get("deviceSendTime").asText()).isEqualTo("1234");
            assertThat(Long.parseLong(response.get("serverRecvTime").asText())).isBetween(before, System.currentTimeMillis());
            assertThat(Long.parseLong(response.get("serverSendTime").asText()))
                    .isGreaterThanOrEqualTo(Long.parseLong(response.get("serverRecvTime").asText()));
        }
    }

    @Test
    void deviceInfoUpdateAndDeleteAreAcknowledged() {
        try (TestDevice gw = gatewayConnection(5)) {
            ArrayNode attrs = AlinkJson.MAPPER.createArrayNode()
                    .add(AlinkJson.object().put("attrKey", "SYS_SDK_LANGUAGE").put("attrValue", "Java").put("domain", "SYSTEM"));
            assertThat(gw.request(TopicKind.DEVICEINFO_UPDATE, "thing.deviceinfo.update", attrs).code()).isEqualTo(200);
            ArrayNode keys = AlinkJson.MAPPER.createArrayNode().add(AlinkJson.object().put("attrKey", "SYS_SDK_LANGUAGE"));
            assertThat(gw.request(TopicKind.DEVICEINFO_DELETE, "thing.deviceinfo.delete", keys).code()).isEqualTo(200);
            ArrayNode noKey = AlinkJson.MAPPER.createArrayNode().add(AlinkJson.object().put("attrValue", "x"));
            assertThat(gw.request(TopicKind.DEVICEINFO_UPDATE, null, noKey).code()).isEqualTo(ReplyCode.REQUEST_PARAMETER_ERROR);
        }
    }

    @Test
    void aRequestWithAckZeroGetsNoReply() {
        try (TestDevice gw = gatewayConnection(5)) {
            gw.publish("/sys/a1GwPk0001/gw5/thing/event/property/post",
                    "{\"id\":\"silent\",\"params\":{\"a\":1},\"sys\":{\"ack\":0}}");
            AlinkReply after = gw.request(TopicKind.TOPO_GET, null, AlinkJson.object());
            assertThat(after.code()).isEqualTo(200);
            assertThat(gw.received()).noneMatch(m -> m.topic().endsWith("/property/post_reply"));
        }
    }

    @Test
    void disablingAndEnablingASubDeviceFromTheCloudNotifiesItsGatewayAndLogsItOut() {
        try (TestDevice gw = gatewayConnection(3)) {
            assertThat(gw.request(TopicKind.TOPO_ADD, null, entries(sub(30))).code()).isEqualTo(200);
            assertThat(gw.request(TopicKind.LOGIN, null, TestDevice.signedEntry(sub(30), secretOf(sub(30)))).code())
                    .isEqualTo(200);
            emulator.admin().setEnabled(sub(30), false);
            JsonNode disabled = gw.await("/sys/a1GwPk0001/gw3/thing/topo/change",
                    m -> m.json().get("params").get("status").asInt() == 8).json();
            assertThat(disabled.get("method").asText()).isEqualTo("thing.topo.change");
            assertThat(emulator.admin().device(sub(30)).orElseThrow().online()).isFalse();
            assertThat(gw.request(TopicKind.LOGIN, null, TestDevice.signedEntry(sub(30), secretOf(sub(30)))).code())
                    .isEqualTo(ReplyCode.DEVICE_DISABLED);

            emulator.admin().setEnabled(sub(30), true);
            gw.await("/sys/a1GwPk0001/gw3/thing/topo/change", m -> m.json().get("params").get("status").asInt() == 2);
            assertThat(gw.request(TopicKind.LOGIN, null, TestDevice.signedEntry(sub(30), secretOf(sub(30)))).code())
                    .isEqualTo(200);
        }
    }
}
