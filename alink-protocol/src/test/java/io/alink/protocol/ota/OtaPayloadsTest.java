package io.alink.protocol.ota;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtaPayloadsTest {

    private static final String SHA256 = "a".repeat(64);
    private static final String MD5 = "0123456789abcdef0123456789ABCDEF";

    private static byte[] bytes(String json) {
        return json.getBytes(UTF_8);
    }

    private static OtaUpgradeNotice notice(ObjectNode extData) {
        return new OtaUpgradeNotice("17", OtaUpgradeNotice.SUCCESS_CODE, "success", 432945, "2.0.0",
                "https://127.0.0.1:8443/ota/files/3?device=a1SubPk001/sub01", SHA256, OtaSignMethod.SHA256, MD5,
                "MCU", extData);
    }

    @Test
    void informRoundTripsWithAndWithoutModule() {
        // given informs of the default module and of a named one
        OtaInform firmware = new OtaInform("1", "1.0.1", null);
        OtaInform mcu = new OtaInform("2", "1.0.1", "MCU");
        // when written and read back
        // then they are equal, and the default module is left out on the wire
        assertThat(OtaInform.parse(firmware.toBytes())).isEqualTo(firmware);
        assertThat(OtaInform.parse(mcu.toBytes())).isEqualTo(mcu);
        assertThat(AlinkJson.parse(firmware.toBytes()).get("params").has("module")).isFalse();
    }

    @Test
    void informOfTheDocumentationParses() {
        OtaInform inform = OtaInform.parse(bytes("{\"id\":\"123\",\"params\":{\"version\":\"1.0.1\",\"module\":\"MCU\"}}"));
        assertThat(inform).isEqualTo(new OtaInform("123", "1.0.1", "MCU"));
    }

    @Test
    void informWithoutVersionOrWithABadModuleIsRefused() {
        assertThatThrownBy(() -> OtaInform.parse(bytes("{\"id\":\"1\",\"params\":{}}")))
                .isInstanceOf(AlinkFormatException.class).hasMessage("version is missing");
        assertThatThrownBy(() -> new OtaInform("1", "1.0", "bad module"))
                .isInstanceOf(AlinkFormatException.class).hasMessageStartingWith("module must be");
        assertThatThrownBy(() -> new OtaInform("1", "v".repeat(65), null))
                .isInstanceOf(AlinkFormatException.class).hasMessageContaining("longer than 64");
    }

    @Test
    void progressRoundTripsAndStepSentAsStringIsRead() {
        // given a progress and a failure report
        OtaProgress half = new OtaProgress("5", 50, "downloading", "MCU");
        OtaProgress failed = OtaProgress.failed("6", OtaFailure.VERIFY_FAILED, "sign mismatch", null);
        // when written and read back
        // then they are equal; LinkSDK's string step reads as its number
        assertThat(OtaProgress.parse(half.toBytes())).isEqualTo(half);
        assertThat(OtaProgress.parse(failed.toBytes())).isEqualTo(failed);
        assertThat(failed.step()).isEqualTo(-3);
        assertThat(failed.failure()).contains(OtaFailure.VERIFY_FAILED);
        assertThat(half.failure()).isEmpty();
        assertThat(OtaProgress.parse(bytes("{\"id\":\"7\",\"params\":{\"step\":\"-2\",\"desc\":\"no route\"}}")).failure())
                .contains(OtaFailure.DOWNLOAD_FAILED);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 101, -5, Integer.MIN_VALUE})
    void progressStepOutOfRangeIsRefusedNamingTheStep(int step) {
        assertThatThrownBy(() -> new OtaProgress("1", step, "", null))
                .isInstanceOf(AlinkFormatException.class).hasMessageContaining("step " + step + " is out of range");
        assertThatThrownBy(() -> OtaProgress.parse(bytes("{\"id\":\"1\",\"params\":{\"step\":" + step + "}}")))
                .isInstanceOf(AlinkFormatException.class).hasMessageContaining("out of range");
    }

    @Test
    void progressWithoutStepOrBeyondAnIntIsRefused() {
        assertThatThrownBy(() -> OtaProgress.parse(bytes("{\"id\":\"1\",\"params\":{\"desc\":\"x\"}}")))
                .isInstanceOf(AlinkFormatException.class).hasMessage("step must be an integer");
        assertThatThrownBy(() -> OtaProgress.parse(bytes("{\"id\":\"1\",\"params\":{\"step\":4294967396}}")))
                .isInstanceOf(AlinkFormatException.class).hasMessageContaining("out of range");
    }

    @Test
    void noticeRoundTripsWithExtDataAndKeepsItsOwnCopy() {
        // given a notice with extra data
        ObjectNode extData = AlinkJson.object().put("key1", "value1");
        OtaUpgradeNotice notice = notice(extData);
        extData.put("key2", "changed after");
        // when written and read back
        OtaUpgradeNotice read = OtaUpgradeNotice.parse(notice.toBytes());
        // then it is equal, the code is the platform's string "1000" and the caller's later change is not in it
        assertThat(read).isEqualTo(notice);
        assertThat(read.extData().has("key2")).isFalse();
        JsonNode wire = AlinkJson.parse(notice.toBytes());
        assertThat(wire.get("code").isTextual()).isTrue();
        assertThat(wire.get("id").isNumber()).isTrue();
        assertThat(wire.get("data").get("signMethod").asText()).isEqualTo("SHA256");
    }

    @Test
    void noticeOfTheDocumentationParsesWithMd5() {
        OtaUpgradeNotice notice = OtaUpgradeNotice.parse(bytes("{\"code\":\"1000\",\"data\":{\"size\":432945,"
                + "\"version\":\"2.0.0\",\"isDiff\":1,\"url\":\"https://iotx-ota.oss-cn-shanghai.aliyuncs.com/a.tar.gz"
                + "?Expires=1502955804\",\"md5\":\"93230c3bde425a9d7984a594ac55ea1e\","
                + "\"sign\":\"93230c3bde425a9d7984a594ac55ea1e\",\"signMethod\":\"Md5\",\"module\":\"MCU\","
                + "\"extData\":{\"key1\":\"value1\"}},\"id\":1507707025,\"message\":\"success\"}"));
        assertThat(notice.id()).isEqualTo("1507707025");
        assertThat(notice.signMethod()).isEqualTo(OtaSignMethod.MD5);
        assertThat(notice.size()).isEqualTo(432945);
        assertThat(notice.module()).isEqualTo("MCU");
        assertThat(notice.extData().get("key1").asText()).isEqualTo("value1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"md5", "Md5", "MD5", "sha256", "SHA256", "Sha256"})
    void signMethodIsReadInAnyCase(String name) {
        assertThat(OtaSignMethod.parse(name).wireName()).isIn("Md5", "SHA256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha1", "SHA-256", "", "hmacsha256"})
    void otherSignMethodsAreRefused(String name) {
        assertThatThrownBy(() -> OtaSignMethod.parse(name))
                .isInstanceOf(AlinkFormatException.class).hasMessage("signMethod must be Md5 or SHA256");
    }

    @Test
    void noticeWithABadFieldIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new OtaUpgradeNotice("1", null, null, 0, "2.0", "https://h/f", SHA256,
                OtaSignMethod.SHA256, null, null, null)).hasMessageContaining("size must be at least 1");
        assertThatThrownBy(() -> new OtaUpgradeNotice("1", null, null, 10, "2.0", "ftp://h/f", SHA256,
                OtaSignMethod.SHA256, null, null, null)).hasMessageContaining("http or https");
        assertThatThrownBy(() -> new OtaUpgradeNotice("1", null, null, 10, "2.0", "https://h/f", MD5,
                OtaSignMethod.SHA256, null, null, null)).hasMessage("sign must be 64 hex digits");
        assertThatThrownBy(() -> new OtaUpgradeNotice("1", null, null, 10, "2.0", "https://h/f", SHA256,
                OtaSignMethod.SHA256, "zz", null, null)).hasMessage("md5 must be 32 hex digits");
        ObjectNode data = notice(null).data().put("extData", "text");
        ObjectNode root = AlinkJson.object().put("code", "1000").put("id", "1").put("message", "success");
        root.set("data", data);
        assertThatThrownBy(() -> OtaUpgradeNotice.parse(AlinkJson.toBytes(root)))
                .isInstanceOf(AlinkFormatException.class).hasMessage("extData must be a JSON object");
    }

    @Test
    void firmwareGetRoundTripsAndItsReplyCarriesTheNoticeOrNothing() {
        // given a request for the MCU module and a pending notice
        FirmwareGetRequest request = new FirmwareGetRequest("9", "MCU");
        OtaUpgradeNotice notice = notice(null);
        // when the request is written and read, and answered with and without firmware
        FirmwareGetRequest read = FirmwareGetRequest.parse(request.toBytes());
        AlinkReply withFirmware = AlinkReply.parse(notice.toFirmwareGetReply("9").toBytes());
        AlinkReply without = AlinkReply.parse(FirmwareGetRequest.noFirmwareReply("9").toBytes());
        // then the request keeps its module and method, and the replies read as the notice and as nothing
        assertThat(read).isEqualTo(request);
        assertThat(request.toRequest().method()).isEqualTo("thing.ota.firmware.get");
        assertThat(OtaUpgradeNotice.fromFirmwareGetReply(withFirmware)).get()
                .extracting(OtaUpgradeNotice::version, OtaUpgradeNotice::sign, OtaUpgradeNotice::id)
                .containsExactly("2.0.0", SHA256, "9");
        assertThat(OtaUpgradeNotice.fromFirmwareGetReply(without)).isEmpty();
        assertThatThrownBy(() -> OtaUpgradeNotice.fromFirmwareGetReply(AlinkReply.error("9", 460, "bad")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("460");
    }

    @Test
    void firmwareGetWithoutParamsAsksForTheDefaultModule() {
        assertThat(FirmwareGetRequest.parse(bytes("{\"id\":\"3\",\"version\":\"1.0\",\"method\":\"thing.ota.firmware.get\"}")))
                .isEqualTo(new FirmwareGetRequest("3", null));
    }
}
