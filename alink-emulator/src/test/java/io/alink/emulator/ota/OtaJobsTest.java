package io.alink.emulator.ota;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.TestDevice;
import io.alink.emulator.TestProducts;
import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import io.alink.protocol.ota.FirmwareGetRequest;
import io.alink.protocol.ota.OtaFailure;
import io.alink.protocol.ota.OtaInform;
import io.alink.protocol.ota.OtaProgress;
import io.alink.protocol.ota.OtaSignMethod;
import io.alink.protocol.ota.OtaTopics;
import io.alink.protocol.ota.OtaUpgradeNotice;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Upgrade jobs end to end on a real emulator: the console's API over HTTP, devices speaking Alink by hand over MQTT
 * (a gateway carrying its sub-devices, and gateways as directly connected devices).
 */
class OtaJobsTest {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.of(TestProducts.config());

    private static final byte[] FILE = "firmware 2.0.0 for the tests".getBytes(StandardCharsets.UTF_8);

    private static OtaConsole console() {
        return new OtaConsole(emulator.httpUri(), null);
    }

    private static TestDevice connect(DeviceIdentity device) {
        TestDevice connected = TestDevice.connect(emulator.mqttPort(), device.id(), device.deviceSecret());
        emulator.closeAfterTest(connected);
        return connected;
    }

    /** Adds the sub-device to the gateway's topology and logs it in. */
    private static void login(TestDevice gateway, DeviceIdentity sub) {
        assertThat(gateway.request(TopicKind.TOPO_ADD, "thing.topo.add", AlinkJson.MAPPER.createArrayNode()
                .add(TestDevice.signedEntry(sub.id(), sub.deviceSecret()))).code()).isEqualTo(200);
        assertThat(gateway.request(TopicKind.LOGIN, "combine.login",
                TestDevice.signedEntry(sub.id(), sub.deviceSecret())).code()).isEqualTo(200);
    }

    private static String devices(String signMethod, long firmwareId, DeviceId... devices) {
        StringBuilder list = new StringBuilder();
        for (DeviceId d : devices) {
            list.append(list.isEmpty() ? "" : ",").append("{\"productKey\":\"").append(d.productKey())
                    .append("\",\"deviceName\":\"").append(d.deviceName()).append("\"}");
        }
        return "{\"firmwareId\":" + firmwareId + ",\"signMethod\":\"" + signMethod + "\",\"devices\":[" + list + "]}";
    }

    private static OtaUpgradeNotice awaitNotice(TestDevice carrier, DeviceId device) {
        return OtaUpgradeNotice.parse(carrier.await(OtaTopics.upgrade(device), m -> true).payload());
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    private static void awaitState(long job, DeviceId device, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> console().target(job, device.deviceName())
                .get("state").asText(), state::equals);
    }

    @Test
    void givenAnOnlineGateway_whenAJobTargetsIt_thenItGetsTheNoticeWithSizeSignAndUrl() throws Exception {
        // given
        DeviceIdentity gw = emulator.newGateway();
        TestDevice device = connect(gw);
        long firmware = console().uploaded(gw.productKey(), "2.0.0", FILE);
        // when
        long job = console().created(devices("SHA256", firmware, gw.id()));
        // then
        OtaUpgradeNotice notice = awaitNotice(device, gw.id());
        assertThat(notice.code()).isEqualTo(OtaUpgradeNotice.SUCCESS_CODE);
        assertThat(notice.version()).isEqualTo("2.0.0");
        assertThat(notice.size()).isEqualTo(FILE.length);
        assertThat(notice.signMethod()).isEqualTo(OtaSignMethod.SHA256);
        assertThat(notice.sign()).isEqualTo(hex("SHA-256", FILE));
        assertThat(notice.md5()).isEqualTo(hex("MD5", FILE));
        assertThat(notice.url()).contains("/ota/files/" + firmware + "?device=");
        assertThat(console().target(job, gw.deviceName()).get("state").asText()).isEqualTo("NOTIFIED");
    }

    @Test
    void givenAnOfflineSubDevice_whenItLogsInThroughItsGateway_thenTheGatewayGetsItsNoticeOnItsOwnTopic() throws Exception {
        // given a job for a sub-device that is offline
        DeviceIdentity gw = emulator.newGateway();
        DeviceIdentity sub = emulator.newSubDevice();
        long firmware = console().uploaded(sub.productKey(), "3.1", FILE);
        long job = console().created(devices("Md5", firmware, sub.id()));
        assertThat(console().target(job, sub.deviceName()).get("state").asText()).isEqualTo("QUEUED");
        // when it logs in
        TestDevice gateway = connect(gw);
        login(gateway, sub);
        // then
        OtaUpgradeNotice notice = awaitNotice(gateway, sub.id());
        assertThat(notice.signMethod()).isEqualTo(OtaSignMethod.MD5);
        assertThat(notice.sign()).isEqualTo(hex("MD5", FILE));
        awaitState(job, sub.id(), "NOTIFIED");
    }

    @Test
    void givenAnOfflineGateway_whenItConnects_thenItGetsTheNotice() {
        // given
        DeviceIdentity gw = emulator.newGateway();
        long firmware = console().uploaded(gw.productKey(), "4.0", FILE);
        long job = console().created(devices("SHA256", firmware, gw.id()));
        // when
        TestDevice device = connect(gw);
        // then
        assertThat(awaitNotice(device, gw.id()).version()).isEqualTo("4.0");
        awaitState(job, gw.id(), "NOTIFIED");
    }

    @Test
    void givenAQueuedJob_whenTheEmulatorRestartsAndTheDeviceConnects_thenTheJobAndItsNoticeAreStillThere() {
        // given
        DeviceIdentity gw = emulator.newGateway();
        long firmware = console().uploaded(gw.productKey(), "4.5", FILE);
        long job = console().created(devices("SHA256", firmware, gw.id()));
        // when
        emulator.restart();
        TestDevice device = connect(gw);
        // then
        OtaUpgradeNotice notice = awaitNotice(device, gw.id());
        assertThat(notice.version()).isEqualTo("4.5");
        assertThat(new OtaConsole(emulator.httpUri(), null).download(notice.url(), null).body()).isEqualTo(FILE);
        awaitState(job, gw.id(), "NOTIFIED");
    }

    @Test
    void givenSourceVersions_whenAJobIsCreated_thenOnlyDevicesThatInformedOneOfThemAreTargets() {
        // given two sub-devices that informed different versions
        DeviceIdentity gw = emulator.newGateway();
        DeviceIdentity old = emulator.newSubDevice();
        DeviceIdentity other = emulator.newSubDevice();
        TestDevice gateway = connect(gw);
        login(gateway, old);
        login(gateway, other);
        gateway.publish(OtaTopics.inform(old.id()), new OtaInform("1", "1.0", null).toBytes(), 1);
        gateway.publish(OtaTopics.inform(other.id()), new OtaInform("2", "0.9", null).toBytes(), 1);
        long firmware = console().uploaded(old.productKey(), "2.0", FILE);
        // when
        long job = console().created("{\"firmwareId\":" + firmware + ",\"allOfProduct\":true,"
                + "\"sourceVersions\":[\"1.0\"]}");
        // then
        List<String> targets = console().get("/api/ota/jobs/" + job).json().get("devices").findValuesAsText("deviceName");
        assertThat(targets).contains(old.deviceName()).doesNotContain(other.deviceName());
        awaitNotice(gateway, old.id());
        assertThat(gateway.received()).noneMatch(m -> m.topic().equals(OtaTopics.upgrade(other.id())));
    }

    @Test
    void givenANotifiedDevice_whenItReportsProgressThenTheNewVersion_thenTheJobShowsEachStepAndSucceedsOnlyAtTheInform() {
        // given
        DeviceIdentity gw = emulator.newGateway();
        TestDevice device = connect(gw);
        long job = console().created(devices("SHA256", console().uploaded(gw.productKey(), "5.0", FILE), gw.id()));
        awaitNotice(device, gw.id());
        // when it reports 100 %
        device.publish(OtaTopics.progress(gw.id()), new OtaProgress("1", 100, "flashed", null).toBytes(), 1);
        // then it is in progress, not done
        awaitState(job, gw.id(), "IN_PROGRESS");
        JsonNode inProgress = console().target(job, gw.deviceName());
        assertThat(inProgress.get("step").asInt()).isEqualTo(100);
        assertThat(inProgress.get("desc").asText()).isEqualTo("flashed");
        // when it informs the job's version
        device.publish(OtaTopics.inform(gw.id()), new OtaInform("2", "5.0", null).toBytes(), 1);
        // then
        awaitState(job, gw.id(), "SUCCEEDED");
        assertThat(console().target(job, gw.deviceName()).get("reportedVersion").asText()).isEqualTo("5.0");
    }

    @Test
    void givenANotifiedDevice_whenItReportsAFailureStep_thenItsPartFailsWithTheDescription() {
        DeviceIdentity gw = emulator.newGateway();
        TestDevice device = connect(gw);
        long job = console().created(devices("SHA256", console().uploaded(gw.productKey(), "6.0", FILE), gw.id()));
        awaitNotice(device, gw.id());

        device.publish(OtaTopics.progress(gw.id()),
                OtaProgress.failed("1", OtaFailure.VERIFY_FAILED, "sign mismatch", null).toBytes(), 1);

        awaitState(job, gw.id(), "FAILED");
        JsonNode failed = console().target(job, gw.deviceName());
        assertThat(failed.get("step").asInt()).isEqualTo(-3);
        assertThat(failed.get("desc").asText()).isEqualTo("sign mismatch");
    }

    @Test
    void givenANotifiedDevice_whenItReportsAStepOutOfRange_thenNothingChanges() {
        DeviceIdentity gw = emulator.newGateway();
        TestDevice device = connect(gw);
        long job = console().created(devices("SHA256", console().uploaded(gw.productKey(), "7.0", FILE), gw.id()));
        awaitNotice(device, gw.id());

        device.publish(OtaTopics.progress(gw.id()), "{\"id\":\"1\",\"params\":{\"step\":101,\"desc\":\"over\"}}");
        // a valid report after it, on the same connection, shows the bad one was handled (and ignored) first
        device.publish(OtaTopics.inform(gw.id()), new OtaInform("2", "6.9", null).toBytes(), 1);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> console().target(job, gw.deviceName())
                .get("reportedVersion").asText(), "6.9"::equals);
        JsonNode target = console().target(job, gw.deviceName());
        assertThat(target.get("state").asText()).isEqualTo("NOTIFIED");
        assertThat(target.get("step").isNull()).isTrue();
    }

    @Test
    void givenAPendingJob_whenTheDeviceAsksForFirmware_thenTheReplyCarriesTheNotice_andWithoutOneItIsEmpty() {
        // given a device with no job: asks, gets nothing
        DeviceIdentity gw = emulator.newGateway();
        TestDevice device = connect(gw);
        AlinkReply none = device.request(TopicKind.OTA_FIRMWARE_GET, "thing.ota.firmware.get",
                new FirmwareGetRequest(null, null).toRequest().params());
        assertThat(OtaUpgradeNotice.fromFirmwareGetReply(none)).isEmpty();
        // when a job for it exists and it asks again
        long firmware = console().uploaded(gw.productKey(), "8.0", FILE);
        console().created(devices("SHA256", firmware, gw.id()));
        AlinkReply pending = device.request(TopicKind.OTA_FIRMWARE_GET, "thing.ota.firmware.get",
                new FirmwareGetRequest(null, null).toRequest().params());
        // then
        assertThat(OtaUpgradeNotice.fromFirmwareGetReply(pending)).get().extracting(OtaUpgradeNotice::version)
                .isEqualTo("8.0");
    }

    @Test
    void givenBadJobRequests_whenCreated_thenEachIsRefusedWithItsStatusAndNoJobIsCreated() {
        // given
        DeviceIdentity gw = emulator.newGateway();
        DeviceIdentity sub = emulator.newSubDevice();
        long firmware = console().uploaded(gw.productKey(), "9.0", FILE);
        int jobsBefore = console().get("/api/ota/jobs").json().size();
        // when / then
        OtaConsole.Answer unknown = console().createJob(devices("SHA256", 987654, gw.id()));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("message").asText()).contains("no firmware package 987654");
        OtaConsole.Answer wrongProduct = console().createJob(devices("SHA256", firmware, gw.id(), sub.id()));
        assertThat(wrongProduct.status()).isEqualTo(400);
        assertThat(wrongProduct.json().get("message").asText()).contains("is not of the package's product");
        OtaConsole.Answer wrongMethod = console().createJob(devices("SHA1", firmware, gw.id()));
        assertThat(wrongMethod.status()).isEqualTo(400);
        assertThat(wrongMethod.json().get("message").asText()).isEqualTo("signMethod must be Md5 or SHA256");
        assertThat(console().get("/api/ota/jobs").json().size()).isEqualTo(jobsBefore);
    }

    @Test
    void givenBadUploads_whenSent_thenEachIsRefusedAndNoPackageIsStored() {
        int before = emulator.ota().firmware().size();

        assertThat(console().upload(TestProducts.GW_PK, "1.0", null, new byte[0]).status()).isEqualTo(400);
        assertThat(console().upload("a1NoSuchPk", "1.0", null, FILE).status()).isEqualTo(404);
        assertThat(console().upload(TestProducts.GW_PK, "1.0", "bad%20module", FILE).status()).isEqualTo(400);

        assertThat(emulator.ota().firmware()).hasSize(before);
        assertThat(console().get("/api/firmware").json().size()).isEqualTo(before);
    }
}
