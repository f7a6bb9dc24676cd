package io.alink.emulator.platform;

import static io.alink.emulator.TestProducts.gateway;
import static io.alink.emulator.TestProducts.secretOf;
import static io.alink.emulator.TestProducts.sub;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.Limits;
import io.alink.emulator.TestDevice;
import io.alink.emulator.TestProducts;
import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopicKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each platform limit is configurable and enforced: topology size, online count, login rate, batch sizes. */
class LimitsTest {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.of(TestProducts.config()
            .limits(new Limits(4, 2, 3, 5, 4, 1024, 1000, Limits.DEFAULT_MESSAGE_LOG_BYTES)));

    private static ArrayNode entries(int from, int to) {
        ArrayNode list = AlinkJson.MAPPER.createArrayNode();
        for (int i = from; i <= to; i++) {
            list.add(TestDevice.signedEntry(sub(i), secretOf(sub(i))));
        }
        return list;
    }

    private static ObjectNode batch(int from, int to) {
        ObjectNode params = AlinkJson.object().put("signMethod", "hmacSha1");
        params.set("deviceList", entries(from, to));
        return params;
    }

    @Test
    void aGatewaysTopologyHoldsAtMostMaxSubDevices() {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)))) {
            assertThat(gw.request(TopicKind.TOPO_ADD, null, entries(1, 4)).code()).isEqualTo(200);
            assertThat(gw.request(TopicKind.TOPO_ADD, null, entries(5, 5)).code()).isEqualTo(200);
            assertThat(gw.request(TopicKind.TOPO_ADD, null, entries(6, 6)).code()).isEqualTo(ReplyCode.TOO_MANY_SUB_DEVICES);
            assertThat(gw.request(TopicKind.TOPO_ADD, null, entries(1, 1)).code())
                    .as("re-adding a member does not grow the topology").isEqualTo(200);
            assertThat(gw.request(TopicKind.TOPO_ADD, null, entries(6, 10)).code())
                    .as("over the per-request batch of 4").isEqualTo(ReplyCode.REQUEST_PARAMETER_ERROR);
        }
    }

    @Test
    void loginsOverTheRatePerSecondAreRefusedWith429AndOverTheBatchWith460() throws Exception {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(2), secretOf(gateway(2)))) {
            assertThat(gw.request(TopicKind.TOPO_ADD, null, entries(11, 14)).code()).isEqualTo(200);
            assertThat(gw.request(TopicKind.BATCH_LOGIN, null, batch(11, 14)).code())
                    .as("4 in one batch exceeds loginBatch 3").isEqualTo(ReplyCode.REQUEST_PARAMETER_ERROR);
            Thread.sleep(1100);
            // sent before any reply is awaited: on a loaded machine, round trips between them could end the second
            AlinkTopic batchLogin = AlinkTopic.of(TopicKind.BATCH_LOGIN, gw.id());
            AlinkTopic login = AlinkTopic.of(TopicKind.LOGIN, gw.id());
            String three = gw.send(batchLogin, null, batch(11, 13));
            String fourth = gw.send(batchLogin, null, batch(14, 14));
            String fifth = gw.send(login, null, TestDevice.signedEntry(sub(11), secretOf(sub(11))));
            assertThat(gw.awaitReply(batchLogin.replyTopic().topic(), three).code()).isEqualTo(200);
            assertThat(gw.awaitReply(batchLogin.replyTopic().topic(), fourth).code()).isEqualTo(200);
            assertThat(gw.awaitReply(login.replyTopic().topic(), fifth).code())
                    .as("a fifth login within the same second").isEqualTo(ReplyCode.TOO_MANY_REQUESTS);
        }
    }

    @Test
    void subRegisterTakesAtMostRegisterBatchEntries() {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(3), secretOf(gateway(3)))) {
            ArrayNode three = SubDeviceEntries.identities(java.util.List.of(DeviceId.of(TestProducts.SUB_PK, "reg1"),
                    DeviceId.of(TestProducts.SUB_PK, "reg2"), DeviceId.of(TestProducts.SUB_PK, "reg3")));
            assertThat(gw.request(TopicKind.SUB_REGISTER, null, three).code()).isEqualTo(ReplyCode.REQUEST_PARAMETER_ERROR);
        }
    }

    @Test
    void aPayloadOverTheConfiguredLimitIsRefusedBeforeTheMessageLogSeesIt() {
        DeviceIdentity gateway = emulator.newGateway();
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway.id(), gateway.deviceSecret())) {
            ObjectNode small = AlinkJson.object().put("blob", "x");
            ObjectNode big = AlinkJson.object().put("blob", "x".repeat(2000));

            assertThat(gw.request(TopicKind.PROPERTY_POST, null, small).code()).isEqualTo(200);
            assertThat(gw.request(TopicKind.PROPERTY_POST, null, big).code()).isEqualTo(ReplyCode.REQUEST_PARAMETER_ERROR);

            assertThat(emulator.admin().messages(gateway.id(), 100)).singleElement()
                    .satisfies(logged -> assertThat(logged.payload().length).isLessThan(1024));
        }
    }
}
