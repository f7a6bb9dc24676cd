package io.alink.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigningTest {

    private final OfficialSdkCapture capture = new OfficialSdkCapture();

    SigningTest() throws Exception {
    }

    @Test
    void nodeSdkConnectPasswordIsRecomputedFromTheDeviceSecret() {
        JsonNode connect = capture.connect(1).fields();
        MqttClientId clientId = MqttClientId.parse(connect.get("clientId").asText());
        DeviceId device = MqttCredentials.parseUsername(connect.get("username").asText()).orElseThrow();

        assertThat(clientId.id()).isEqualTo("a1GwPk0001&gw01");
        assertThat(device).isEqualTo(DeviceId.of("a1GwPk0001", "gw01"));
        assertThat(MqttCredentials.verifyDevicePassword(clientId, device, OfficialSdkCapture.GATEWAY_SECRET,
                connect.get("password").asText())).isTrue();
        assertThat(Signing.hmacHex(SignMethod.HMAC_SHA1, OfficialSdkCapture.GATEWAY_SECRET,
                MqttCredentials.deviceSignContent(clientId.id(), device, "1795669593529")))
                .isEqualTo(connect.get("password").asText());
    }

    @Test
    void cSdkConnectPasswordInUpperCaseHexVerifies() {
        JsonNode connect = capture.connect(2).fields();
        MqttClientId clientId = MqttClientId.parse(connect.get("clientId").asText());
        DeviceId device = MqttCredentials.parseUsername(connect.get("username").asText()).orElseThrow();
        String password = connect.get("password").asText();

        assertThat(password).isUpperCase();
        assertThat(clientId.signMethod()).contains(SignMethod.HMAC_SHA256);
        assertThat(MqttCredentials.verifyDevicePassword(clientId, device, OfficialSdkCapture.GATEWAY_SECRET, password))
                .isTrue();
    }

    @Test
    void aWrongSecretOrTamperedClientIdFailsVerification() {
        JsonNode connect = capture.connect(2).fields();
        MqttClientId clientId = MqttClientId.parse(connect.get("clientId").asText());
        DeviceId device = DeviceId.of("a1GwPk0001", "gw01");
        String password = connect.get("password").asText();

        assertThat(MqttCredentials.verifyDevicePassword(clientId, device, "not-the-secret", password)).isFalse();
        MqttClientId otherTimestamp = MqttClientId.parse(connect.get("clientId").asText()
                .replace("2524608000000", "2524608000001"));
        assertThat(MqttCredentials.verifyDevicePassword(otherTimestamp, device, OfficialSdkCapture.GATEWAY_SECRET,
                password)).isFalse();
    }

    @Test
    void everyTopoAddEntryOfBothSdksVerifiesWithTheSubDeviceSecret() {
        List<OfficialSdkCapture.Publish> topoAdds = capture.publishes().stream()
                .filter(p -> p.topic().endsWith("/thing/topo/add")).toList();
        assertThat(topoAdds).hasSize(3);
        int verified = 0;
        for (OfficialSdkCapture.Publish p : topoAdds) {
            AlinkRequest request = AlinkRequest.parse(p.payload().getBytes());
            for (JsonNode entry : request.params()) {
                String secret = OfficialSdkCapture.secretOf(entry.get("deviceName").asText());
                assertThat(SubDeviceEntries.verify(entry, null, secret)).as(p.payload()).isTrue();
                assertThat(SubDeviceEntries.verify(entry, null, "wrong")).isFalse();
                verified++;
            }
        }
        assertThat(verified).isEqualTo(4);
    }

    @Test
    void loginSignCoversTheClientIdExactlyAsSentIncludingItsOptions() {
        List<OfficialSdkCapture.Publish> logins = capture.publishes().stream()
                .filter(p -> p.topic().endsWith("/combine/login")).toList();
        assertThat(logins).hasSize(3);
        for (OfficialSdkCapture.Publish p : logins) {
            JsonNode params = AlinkRequest.parse(p.payload().getBytes()).params();
            String secret = OfficialSdkCapture.secretOf(params.get("deviceName").asText());
            assertThat(SubDeviceEntries.verify(params, null, secret)).as(p.payload()).isTrue();
        }
        JsonNode cSdkLogin = AlinkRequest.parse(capture.publishes(2, "/combine/login").get(0).payload().getBytes())
                .params();
        assertThat(cSdkLogin.get("clientId").asText()).isEqualTo("a1SubPk001.sub01|_v=sdk-c-3.0.1|");
        ((com.fasterxml.jackson.databind.node.ObjectNode) cSdkLogin).put("clientId", "a1SubPk001.sub01");
        assertThat(SubDeviceEntries.verify(cSdkLogin, null, OfficialSdkCapture.SUB01_SECRET)).isFalse();
    }

    @Test
    void aSubDeviceSignBuiltByUsVerifiesWithEveryMethodAndHexCase() {
        DeviceId sub = DeviceId.of("a1SubPk001", "sub01");
        for (SignMethod method : SignMethod.values()) {
            String sign = Signing.subDeviceSign(method, sub, "s3cret", "a1SubPk001&sub01", "1700000000000");
            JsonNode entry = AlinkJson.MAPPER.valueToTree(Map.of("productKey", "a1SubPk001", "deviceName", "sub01",
                    "clientId", "a1SubPk001&sub01", "timestamp", 1700000000000L, "signMethod", "HMAC" + method
                    .wireName().substring(4).toUpperCase(), "sign", sign.toUpperCase(), "cleanSession", "false"));
            assertThat(SubDeviceEntries.verify(entry, null, "s3cret")).as(method.name()).isTrue();
        }
    }

    @Test
    void anEntryWithoutSignOrWithAnUnknownMethodIsAFormatError() {
        JsonNode noSign = AlinkJson.parse("{\"productKey\":\"p\",\"deviceName\":\"d\",\"signmethod\":\"hmacsha1\"}");
        JsonNode badMethod = AlinkJson.parse("{\"productKey\":\"p\",\"deviceName\":\"d\",\"signmethod\":\"rot13\",\"sign\":\"aa\"}");
        assertThatThrownBy(() -> SubDeviceEntries.verify(noSign, null, "s")).isInstanceOf(AlinkFormatException.class)
                .hasMessageContaining("sign");
        assertThatThrownBy(() -> SubDeviceEntries.verify(badMethod, null, "s"))
                .isInstanceOf(AlinkFormatException.class).hasMessageContaining("rot13");
    }

    @Test
    void batchLoginTakesTheSignMethodFromBesideTheList() {
        DeviceId sub = DeviceId.of("a1SubPk001", "sub02");
        String sign = Signing.subDeviceSign(SignMethod.HMAC_SHA256, sub, OfficialSdkCapture.SUB02_SECRET,
                "a1SubPk001.sub02", "1690000000000");
        JsonNode entry = AlinkJson.parse("{\"productKey\":\"a1SubPk001\",\"deviceName\":\"sub02\",\"clientId\":"
                + "\"a1SubPk001.sub02\",\"timestamp\":\"1690000000000\",\"cleanSession\":\"false\",\"sign\":\""
                + sign.toUpperCase() + "\"}");
        assertThat(SubDeviceEntries.verify(entry, "hmacSha256", OfficialSdkCapture.SUB02_SECRET)).isTrue();
    }

    @Test
    void registrationSignCoversDeviceNameProductKeyAndRandom() {
        DeviceId device = DeviceId.of("a1GwPk0001", "gw02");
        assertThat(Signing.registrationContent(device, "8Ygb7ULYh53B6OA"))
                .isEqualTo("deviceNamegw02productKeya1GwPk0001random8Ygb7ULYh53B6OA");
        MqttCredentials register = MqttCredentials.forRegistration(device, "GwProductSecret001", "12345", false);
        MqttClientId clientId = MqttClientId.parse(register.clientId());
        assertThat(clientId.options()).containsEntry("authType", "register").containsEntry("random", "12345");
        assertThat(MqttCredentials.verifyRegistrationPassword(clientId, device, "GwProductSecret001",
                register.password())).isTrue();
        assertThat(MqttCredentials.verifyRegistrationPassword(clientId, device, "other", register.password())).isFalse();
    }

    @Test
    void linkSdk4DerivedVectorMatchesTheDocumentedContent() {
        DeviceId device = DeviceId.of("a1B2c3D4e5F", "gw01");
        assertThat(MqttCredentials.deviceSignContent("a1B2c3D4e5F.gw01", device, "2524608000000"))
                .isEqualTo("clientIda1B2c3D4e5F.gw01deviceNamegw01productKeya1B2c3D4e5Ftimestamp2524608000000");
        MqttCredentials credentials = MqttCredentials.forDevice(device, "secret", SignMethod.HMAC_SHA256,
                "2524608000000", false, Map.of());
        assertThat(credentials.username()).isEqualTo("gw01&a1B2c3D4e5F");
        assertThat(credentials.toString()).doesNotContain(credentials.password());
        assertThat(MqttCredentials.verifyDevicePassword(MqttClientId.parse(credentials.clientId()), device, "secret",
                credentials.password().toUpperCase())).isTrue();
    }
}
