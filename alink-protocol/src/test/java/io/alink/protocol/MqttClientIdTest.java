package io.alink.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MqttClientIdTest {

    @Test
    void linkSdk4ClientIdWithAnEmptyLastItemParses() {
        MqttClientId id = MqttClientId.parse(
                "pk.dn|timestamp=2524608000000,_ss=1,_v=sdk-c-4.x.x,securemode=3,signmethod=hmacsha256,ext=3,|");
        assertThat(id.id()).isEqualTo("pk.dn");
        assertThat(id.options()).containsEntry("ext", "3").containsEntry("timestamp", "2524608000000").hasSize(6);
        assertThat(id.signMethod()).contains(SignMethod.HMAC_SHA256);
    }

    @Test
    void aClientIdWithoutOptionsOrWithOddItemsIsTolerated() {
        assertThat(MqttClientId.parse("plain").options()).isEmpty();
        assertThat(MqttClientId.parse("plain").id()).isEqualTo("plain");
        MqttClientId odd = MqttClientId.parse("x|flag,,k=v=w|");
        assertThat(odd.options()).containsEntry("flag", "").containsEntry("k", "v=w");
        assertThat(MqttClientId.parse("|authType=connwl|").id()).isEmpty();
        assertThat(MqttClientId.parse("x|k=v").options()).containsEntry("k", "v");
    }

    @Test
    void signMethodNamesMatchInAnyLetterCase() {
        assertThat(SignMethod.parse("hmacSha1")).contains(SignMethod.HMAC_SHA1);
        assertThat(SignMethod.parse("HmacMD5")).contains(SignMethod.HMAC_MD5);
        assertThat(SignMethod.parse("HMACSHA256")).contains(SignMethod.HMAC_SHA256);
        assertThat(SignMethod.parse("sha256")).isEmpty();
    }

    @Test
    void theUsernameIsDeviceNameAmpersandProductKey() {
        assertThat(MqttCredentials.parseUsername("gw01&a1GwPk0001")).contains(DeviceId.of("a1GwPk0001", "gw01"));
        assertThat(MqttCredentials.parseUsername("gw01")).isEmpty();
        assertThat(MqttCredentials.parseUsername("&pk")).isEmpty();
        assertThat(MqttCredentials.parseUsername(null)).isEmpty();
    }
}
