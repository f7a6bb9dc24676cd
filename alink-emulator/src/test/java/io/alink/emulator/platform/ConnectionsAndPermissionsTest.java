package io.alink.emulator.platform;

import static io.alink.emulator.TestProducts.gateway;
import static io.alink.emulator.TestProducts.secretOf;
import static io.alink.emulator.TestProducts.sub;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import io.alink.emulator.TestDevice;
import io.alink.emulator.TestProducts;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.MqttClientId;
import io.alink.protocol.MqttCredentials;
import io.alink.protocol.SignMethod;
import io.alink.protocol.TopicKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CONNECT authentication, takeover, topic permissions and server-side subscriptions. */
class ConnectionsAndPermissionsTest {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.of(TestProducts.config());

    private static Mqtt3ConnAckReturnCode refusal(MqttCredentials credentials, DeviceId id, int keepAlive) {
        Throwable failure = TestDevice.tryConnect(emulator.mqttPort(), credentials, id, keepAlive);
        assertThat(failure).as("the CONNECT must be refused").isInstanceOf(Mqtt3ConnAckException.class);
        return ((Mqtt3ConnAckException) failure).getMqttMessage().getReturnCode();
    }

    private static MqttCredentials signed(DeviceId id, String secret) {
        return MqttCredentials.forDevice(id, secret, SignMethod.HMAC_SHA1, "1795669593529", false, Map.of());
    }

    @Test
    void givenTheRightSecretInAnySignMethodTheDeviceConnects() {
        for (SignMethod method : SignMethod.values()) {
            MqttCredentials credentials = MqttCredentials.forDevice(gateway(1), secretOf(gateway(1)), method, null,
                    false, Map.of("lan", "Java"));
            assertThat(TestDevice.tryConnect(emulator.mqttPort(), credentials, gateway(1), 60)).as(method.name()).isNull();
        }
    }

    @Test
    void givenAForgedSignTheConnectIsRefusedWithBadUsernameOrPassword() {
        assertThat(refusal(signed(gateway(1), "forged"), gateway(1), 60))
                .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void givenAnUnknownDisabledOrSubDeviceIdentityTheConnectIsNotAuthorized() {
        DeviceId ghost = DeviceId.of(TestProducts.GW_PK, "ghost");
        assertThat(refusal(signed(ghost, "x"), ghost, 60)).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
        assertThat(refusal(signed(sub(1), secretOf(sub(1))), sub(1), 60)).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
        emulator.admin().setEnabled(gateway(5), false);
        try {
            assertThat(refusal(signed(gateway(5), secretOf(gateway(5))), gateway(5), 60))
                    .isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
        } finally {
            emulator.admin().setEnabled(gateway(5), true);
        }
    }

    @Test
    void givenAKeepaliveOutside30To1200SecondsTheConnectIsRefused() {
        MqttCredentials ok = signed(gateway(1), secretOf(gateway(1)));
        assertThat(refusal(ok, gateway(1), 29)).isEqualTo(Mqtt3ConnAckReturnCode.SERVER_UNAVAILABLE);
        assertThat(refusal(ok, gateway(1), 1201)).isEqualTo(Mqtt3ConnAckReturnCode.SERVER_UNAVAILABLE);
        assertThat(TestDevice.tryConnect(emulator.mqttPort(), ok, gateway(1), 1200)).isNull();
    }

    @Test
    void givenASecondConnectionOfTheSameDeviceTheFirstIsTakenOver() {
        try (TestDevice first = TestDevice.connect(emulator.mqttPort(), gateway(2), secretOf(gateway(2)));
             TestDevice second = TestDevice.connect(emulator.mqttPort(), signed(gateway(2), secretOf(gateway(2))),
                     gateway(2), 60)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !first.isConnected());
            assertThat(second.isConnected()).isTrue();
            assertThat(second.request(TopicKind.TOPO_GET, null, AlinkJson.object()).code()).isEqualTo(200);
        }
    }

    @Test
    void givenAnotherDevicesTopicsTheSubscribeFailsPerFilterAndOwnTopicsAreGranted() {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(3), secretOf(gateway(3)))) {
            assertThat(gw.subscribe("/sys/a1GwPk0001/gw3/thing/event/+/post_reply").getReturnCodes())
                    .containsExactly(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_1);
            assertThat(gw.subscribe("/a1GwPk0001/gw3/user/#").getReturnCodes())
                    .containsExactly(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_1);
            assertThat(gw.subscribe("/sys/a1GwPk0001/gw4/thing/service/+").getReturnCodes())
                    .containsExactly(Mqtt3SubAckReturnCode.FAILURE);
            assertThat(gw.subscribe("/sys/+/+/thing/#").getReturnCodes()).containsExactly(Mqtt3SubAckReturnCode.FAILURE);
            assertThat(gw.subscribe("/a1SubPk001/sub1/user/x").getReturnCodes())
                    .as("a sub-device that is not logged in through this gateway").containsExactly(Mqtt3SubAckReturnCode.FAILURE);
            assertThat(gw.subscribe("#").getReturnCodes()).containsExactly(Mqtt3SubAckReturnCode.FAILURE);
            assertThat(gw.subscribe("/broadcast/a1GwPk0001/#").getReturnCodes())
                    .containsExactly(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_1);
            assertThat(gw.subscribe("/broadcast/a1Other001/#").getReturnCodes())
                    .containsExactly(Mqtt3SubAckReturnCode.FAILURE);
            assertThat(gw.isConnected()).isTrue();
        }
    }

    @Test
    void givenAPublishOnAnotherDevicesCustomTopicItIsDroppedWithoutDisconnecting() {
        try (TestDevice owner = TestDevice.connect(emulator.mqttPort(), gateway(4), secretOf(gateway(4)));
             TestDevice intruder = TestDevice.connect(emulator.mqttPort(), gateway(3), secretOf(gateway(3)))) {
            owner.subscribe("/a1GwPk0001/gw4/user/inbox");
            intruder.publish("/a1GwPk0001/gw4/user/inbox", "intruding".getBytes(StandardCharsets.UTF_8), 1);
            owner.publish("/a1GwPk0001/gw4/user/inbox", "own".getBytes(StandardCharsets.UTF_8), 1);
            owner.await("/a1GwPk0001/gw4/user/inbox", m -> m.text().equals("own"));
            assertThat(owner.received()).noneMatch(m -> m.text().equals("intruding"));
            assertThat(intruder.isConnected()).isTrue();
        }
    }

    @Test
    void systemDownlinkReachesTheGatewayAndLoggedInSubDevicesWithoutASubscribe() {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)))) {
            assertThat(gw.request(TopicKind.TOPO_ADD, null, AlinkJson.MAPPER.createArrayNode()
                    .add(TestDevice.signedEntry(sub(20), secretOf(sub(20))))).code()).isEqualTo(200);
            assertThat(gw.request(TopicKind.LOGIN, null, TestDevice.signedEntry(sub(20), secretOf(sub(20)))).code())
                    .isEqualTo(200);

            var reply = emulator.admin().invokeService(sub(20), "reboot", AlinkJson.object().put("delay", 1),
                    Duration.ofSeconds(30));
            TestDevice.Received call = gw.await("/sys/a1SubPk001/sub20/thing/service/reboot", m -> true);
            assertThat(call.json().get("method").asText()).isEqualTo("thing.service.reboot");
            assertThat(call.json().get("params").get("delay").asInt()).isEqualTo(1);
            String id = call.json().get("id").asText();
            assertThat(id).matches("\\d+");
            gw.publish("/sys/a1SubPk001/sub20/thing/service/reboot_reply",
                    "{\"id\":\"" + id + "\",\"code\":200,\"data\":{\"ok\":true}}");
            assertThat(reply.join().data().get("ok").asBoolean()).isTrue();

            var set = emulator.admin().setProperties(gateway(1), AlinkJson.object().put("Temp", 3), Duration.ofSeconds(30));
            TestDevice.Received setCall = gw.await("/sys/a1GwPk0001/gw1/thing/service/property/set", m -> true);
            gw.publish("/sys/a1GwPk0001/gw1/thing/service/property/set_reply",
                    "{\"id\":\"" + setCall.json().get("id").asText() + "\",\"code\":200,\"data\":{}}");
            assertThat(set.join().code()).isEqualTo(200);
        }
    }

    @Test
    void aServiceCallThatTheDeviceNeverAnswersTimesOut() {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)))) {
            var reply = emulator.admin().invokeService(gateway(1), "silent", AlinkJson.object(), Duration.ofMillis(300));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(reply::isDone);
            org.assertj.core.api.Assertions.assertThatThrownBy(reply::join)
                    .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        }
    }

    @Test
    void classicRrpcCarriesOpaqueBytesBothWays() {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)))) {
            var response = emulator.admin().rrpc().rrpc(gateway(1), null, new byte[] {1, 2, 3}, Duration.ofSeconds(8));
            TestDevice.Received request = gw.await(null, m -> m.topic().startsWith("/sys/a1GwPk0001/gw1/rrpc/request/"));
            assertThat(request.payload()).containsExactly(1, 2, 3);
            String messageId = request.topic().substring(request.topic().lastIndexOf('/') + 1);
            gw.publish("/sys/a1GwPk0001/gw1/rrpc/response/" + messageId, new byte[] {9}, 0);
            assertThat(response.join().payload()).containsExactly(9);
            assertThat(response.join().rrpcCode()).isEqualTo("SUCCESS");
        }
    }

    @Test
    void givenTheGatewayDisconnectsItsSubDevicesGoOffline() {
        TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)));
        assertThat(gw.request(TopicKind.TOPO_ADD, null, AlinkJson.MAPPER.createArrayNode()
                .add(TestDevice.signedEntry(sub(21), secretOf(sub(21))))).code()).isEqualTo(200);
        assertThat(gw.request(TopicKind.LOGIN, null, TestDevice.signedEntry(sub(21), secretOf(sub(21)))).code())
                .isEqualTo(200);
        assertThat(emulator.admin().device(sub(21)).orElseThrow().online()).isTrue();
        gw.close();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> !emulator.admin().device(sub(21)).orElseThrow().online());
    }

    @Test
    void deletingTopologyFromTheCloudLogsTheSubDeviceOutAndNotifiesTheGateway() {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)))) {
            assertThat(gw.request(TopicKind.TOPO_ADD, null, AlinkJson.MAPPER.createArrayNode()
                    .add(TestDevice.signedEntry(sub(22), secretOf(sub(22))))).code()).isEqualTo(200);
            assertThat(gw.request(TopicKind.LOGIN, null, TestDevice.signedEntry(sub(22), secretOf(sub(22)))).code())
                    .isEqualTo(200);
            emulator.admin().deleteTopo(gateway(1), sub(22));
            TestDevice.Received change = gw.await("/sys/a1GwPk0001/gw1/thing/topo/change", m -> true);
            assertThat(change.json().get("params").get("status").asInt()).isEqualTo(1);
            assertThat(change.json().get("params").get("subList").get(0).get("deviceName").asText()).isEqualTo("sub22");
            assertThat(emulator.admin().device(sub(22)).orElseThrow().online()).isFalse();
            assertThat(gw.request(TopicKind.LOGIN, null, TestDevice.signedEntry(sub(22), secretOf(sub(22)))).code())
                    .isEqualTo(io.alink.protocol.ReplyCode.TOPO_RELATION_NOT_EXIST);
        }
    }

    @Test
    void mqttDynamicRegistrationPushesASecretThatThenConnects() {
        DeviceId fresh = DeviceId.of(TestProducts.GW_PK, "gwNew");
        MqttCredentials register = MqttCredentials.forRegistration(fresh, TestProducts.GW_PRODUCT_SECRET, "4242", false);
        TestDevice registering = TestDevice.connect(emulator.mqttPort(), register, fresh, 60);
        TestDevice.Received push = registering.await("/ext/register", m -> true);
        String secret = push.json().get("deviceSecret").asText();
        assertThat(push.json().get("deviceName").asText()).isEqualTo("gwNew");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !registering.isConnected());

        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), fresh, secret)) {
            assertThat(gw.request(TopicKind.TOPO_GET, null, AlinkJson.object()).code()).isEqualTo(200);
        }
        assertThat(refusal(register, fresh, 60)).as("activated: no second registration")
                .isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
        MqttCredentials forged = MqttCredentials.forRegistration(DeviceId.of(TestProducts.GW_PK, "gwNew2"), "wrong", "1", false);
        assertThat(refusal(forged, DeviceId.of(TestProducts.GW_PK, "gwNew2"), 60))
                .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void preregistrationFreeRegistrationPushesATokenThatConnectsWithConnwl() {
        DeviceId device = DeviceId.of(TestProducts.GW_PK, "unlisted1");
        MqttCredentials regnwl = MqttCredentials.forRegistration(device, TestProducts.GW_PRODUCT_SECRET, "77", false);
        MqttCredentials asRegnwl = new MqttCredentials(regnwl.clientId().replace("authType=register", "authType=regnwl"),
                regnwl.username(), regnwl.password());
        TestDevice registering = TestDevice.connect(emulator.mqttPort(), asRegnwl, device, 60);
        TestDevice.Received push = registering.await("/ext/regnwl", m -> true);
        String token = push.json().get("deviceToken").asText();
        String clientId = push.json().get("clientId").asText();

        MqttCredentials connwl = new MqttCredentials(clientId + "|authType=connwl,securemode=-2,_ss=1,ext=3|",
                MqttCredentials.username(device), token);
        assertThat(MqttClientId.parse(connwl.clientId()).options()).containsEntry("authType", "connwl");
        assertThat(TestDevice.tryConnect(emulator.mqttPort(), connwl, device, 60)).isNull();
        MqttCredentials badToken = new MqttCredentials(connwl.clientId(), connwl.username(), "nope");
        assertThat(refusal(badToken, device, 60)).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
    }
}
