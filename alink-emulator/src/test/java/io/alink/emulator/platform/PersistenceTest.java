package io.alink.emulator.platform;

import static io.alink.emulator.TestProducts.gateway;
import static io.alink.emulator.TestProducts.secretOf;
import static io.alink.emulator.TestProducts.sub;
import static org.assertj.core.api.Assertions.assertThat;

import io.alink.emulator.Emulator;
import io.alink.emulator.EmulatorConfig;
import io.alink.emulator.Limits;
import io.alink.emulator.MessageRecord;
import io.alink.emulator.TestDevice;
import io.alink.emulator.TestProducts;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.DeviceId;
import io.alink.protocol.MqttCredentials;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.SignMethod;
import io.alink.protocol.Signing;
import io.alink.protocol.SubDeviceEntries;
import io.alink.protocol.TopicKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State survives a restart on the same data folder; the message log is bounded; HTTP-style registration. */
class PersistenceTest {

    @TempDir
    Path data;

    private EmulatorConfig config() {
        return TestProducts.config().dataDir(data).build();
    }

    @Test
    void givenAConnectedGateway_whenClosedBeforeExit_thenItsConnectionIsClosedAndTheDataIsThereForTheNextStart() {
        Emulator emulator = Emulator.start(config());
        int port = emulator.mqttPort();
        try (TestDevice gw = TestDevice.connect(port, gateway(1), secretOf(gateway(1)))) {
            gw.publish("/sys/a1GwPk0001/gw1/thing/event/property/post",
                    "{\"id\":\"1\",\"params\":{\"n\":1}}".getBytes(StandardCharsets.UTF_8), 1);

            emulator.closeBeforeExit();

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !gw.isConnected());
            assertThat(TestDevice.tryConnect(port, MqttCredentials.forDevice(gateway(1), secretOf(gateway(1)),
                    SignMethod.HMAC_SHA256, "1", false, Map.of()), gateway(1), 60)).as("nothing listens").isNotNull();
        }
        // a start in the same JVM waits for the broker's stop still under way
        try (Emulator restarted = Emulator.start(config())) {
            assertThat(restarted.admin().messages(gateway(1), 10)).extracting(MessageRecord::topic)
                    .containsExactly("/sys/a1GwPk0001/gw1/thing/event/property/post");
        }
    }

    @Test
    void givenTopologyIssuedSecretsAndMessagesWhenTheEmulatorRestartsThenNothingIsLost() {
        DeviceId reg = DeviceId.of(TestProducts.SUB_PK, "reg2");
        String issued;
        try (Emulator emulator = Emulator.start(config());
             TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)))) {
            issued = gw.request(TopicKind.SUB_REGISTER, null, SubDeviceEntries.identities(List.of(reg))).data().get(0)
                    .get("deviceSecret").asText();
            assertThat(gw.request(TopicKind.TOPO_ADD, null, AlinkJson.MAPPER.createArrayNode()
                    .add(TestDevice.signedEntry(sub(1), secretOf(sub(1))))
                    .add(TestDevice.signedEntry(reg, issued))).code()).isEqualTo(200);
            for (int i = 0; i < 50; i++) {
                gw.publish("/sys/a1GwPk0001/gw1/thing/event/property/post",
                        ("{\"id\":\"p" + i + "\",\"params\":{\"n\":" + i + "}}").getBytes(StandardCharsets.UTF_8), 1);
            }
        }
        try (Emulator restarted = Emulator.start(config());
             TestDevice gw = TestDevice.connect(restarted.mqttPort(), gateway(1), secretOf(gateway(1)))) {
            assertThat(gw.request(TopicKind.TOPO_GET, null, AlinkJson.object()).data())
                    .isEqualTo(SubDeviceEntries.identities(List.of(sub(1), reg)));
            assertThat(gw.request(TopicKind.LOGIN, null, TestDevice.signedEntry(reg, issued)).code())
                    .as("the issued secret survived, and wins over the config entry without one").isEqualTo(200);
            List<MessageRecord> posts = restarted.admin().messages(gateway(1), 1000).stream()
                    .filter(m -> m.topic().endsWith("/property/post")).toList();
            assertThat(posts).hasSize(50);
            assertThat(new String(posts.get(posts.size() - 1).payload(), StandardCharsets.UTF_8))
                    .as("newest last").contains("\"id\":\"p49\"");
        }
    }

    private static final String QOS0_TOPIC = "/a1GwPk0001/gw1/user/qos0";

    /** The gateway publishes m0, m1 ... at QoS 0 to a topic it subscribes to, until the last came back routed. */
    private static void routeQos0BackToTheGateway(Emulator emulator, int count) {
        try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)))) {
            gw.subscribe(QOS0_TOPIC);
            for (int i = 0; i < count; i++) {
                gw.publish(QOS0_TOPIC, ("m" + i).getBytes(StandardCharsets.UTF_8), 0);
            }
            gw.await(QOS0_TOPIC, m -> m.text().equals("m" + (count - 1)));
        }
    }

    private static List<String> loggedQos0Payloads(Emulator emulator) {
        return emulator.admin().messages(gateway(1), 5000).stream().filter(m -> m.topic().equals(QOS0_TOPIC))
                .map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void givenQos0MessagesRoutedBackToTheirDevice_whenTheLogIsReadRightAfterTheLast_thenAllAreThereInOrder() {
        try (Emulator emulator = Emulator.start(config())) {
            routeQos0BackToTheGateway(emulator, 300);

            assertThat(loggedQos0Payloads(emulator))
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 300).mapToObj(i -> "m" + i).toList());
        }
    }

    @Test
    void givenQos0MessagesJustRouted_whenTheEmulatorStops_thenEveryOneIsInTheLogAfterTheRestart() {
        try (Emulator emulator = Emulator.start(config())) {
            routeQos0BackToTheGateway(emulator, 1000);
        }

        try (Emulator restarted = Emulator.start(config())) {
            assertThat(loggedQos0Payloads(restarted)).hasSize(1000).last().isEqualTo("m999");
        }
    }

    @Test
    void givenAMessageLogOfTenTheOldestAreForgotten() {
        EmulatorConfig small = TestProducts.config().dataDir(data).limits(Limits.PLATFORM.withMessageLogSize(10)).build();
        try (Emulator emulator = Emulator.start(small);
             TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)))) {
            for (int i = 0; i < 25; i++) {
                gw.publish("/a1GwPk0001/gw1/user/log", ("m" + i).getBytes(StandardCharsets.UTF_8), 1);
            }
            List<MessageRecord> log = emulator.admin().messages(null, 100);
            assertThat(log).hasSize(10);
            assertThat(new String(log.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("m15");
        }
    }

    @Test
    void givenAMessageLogBoundedInBytesTheOldestAreDroppedFirstAlsoWhenTheBoundShrinks() {
        String topic = "/a1GwPk0001/gw1/user/log";
        int entryBytes = topic.length() + 100;
        try (Emulator emulator = Emulator.start(withMessageLogBytes(20 * entryBytes));
             TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)))) {
            for (int i = 0; i < 50; i++) {
                gw.publish(topic, String.format("m%-99d", i).getBytes(StandardCharsets.UTF_8), 1);
            }
            List<MessageRecord> log = emulator.admin().messages(null, 1000);
            assertThat(bytesOf(log)).isLessThanOrEqualTo(20 * entryBytes);
            assertThat(log).extracting(m -> new String(m.payload(), StandardCharsets.UTF_8).trim())
                    .as("the newest, contiguous").endsWith("m47", "m48", "m49").doesNotContain("m0", "m29");
        }
        try (Emulator restarted = Emulator.start(withMessageLogBytes(5 * entryBytes))) {
            List<MessageRecord> log = restarted.admin().messages(null, 1000);
            assertThat(bytesOf(log)).isLessThanOrEqualTo(5 * entryBytes);
            assertThat(new String(log.get(log.size() - 1).payload(), StandardCharsets.UTF_8).trim()).isEqualTo("m49");
        }
    }

    private EmulatorConfig withMessageLogBytes(int bytes) {
        return TestProducts.config().dataDir(data).limits(Limits.PLATFORM.withMessageLogBytes(bytes)).build();
    }

    private static long bytesOf(List<MessageRecord> log) {
        return log.stream().mapToLong(m -> m.payload().length + m.topic().length()).sum();
    }

    @Test
    void httpStyleRegistrationIssuesASecretOnlyForAValidSignOnAPreRegisteredDevice() {
        try (Emulator emulator = Emulator.start(config())) {
            DeviceId device = DeviceId.of(TestProducts.GW_PK, "gwNew");
            String sign = Signing.registrationSign(SignMethod.HMAC_SHA256, device, TestProducts.GW_PRODUCT_SECRET, "r1");
            AlinkReply ok = emulator.admin().registerDevice(Map.of("productKey", device.productKey(),
                    "deviceName", device.deviceName(), "random", "r1", "sign", sign.toUpperCase(), "signMethod", "HmacSHA256"));
            assertThat(ok.code()).isEqualTo(200);
            String secret = ok.data().get("deviceSecret").asText();
            try (TestDevice gw = TestDevice.connect(emulator.mqttPort(), device, secret)) {
                assertThat(gw.isConnected()).isTrue();
            }
            AlinkReply again = emulator.admin().registerDevice(Map.of("productKey", device.productKey(),
                    "deviceName", device.deviceName(), "random", "r1", "sign", sign, "signMethod", "hmacsha256"));
            assertThat(again.code()).isEqualTo(ReplyCode.DEVICE_ALREADY_ACTIVATED);

            DeviceId other = DeviceId.of(TestProducts.GW_PK, "gwNew2");
            assertThat(emulator.admin().registerDevice(Map.of("productKey", other.productKey(), "deviceName",
                    other.deviceName(), "random", "r1", "sign", sign, "signMethod", "hmacsha256")).code())
                    .isEqualTo(ReplyCode.AUTH_ERROR);
            assertThat(emulator.admin().registerDevice(Map.of("productKey", "x")).code())
                    .isEqualTo(ReplyCode.REQUEST_PARAMETER_ERROR);
        }
    }
}
