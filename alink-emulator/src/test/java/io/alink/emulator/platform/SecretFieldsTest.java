package io.alink.emulator.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.alink.protocol.AlinkJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretFieldsTest {

    @Test
    void givenARegistrationPushAndALogin_whenRedacted_thenEverySecretAtAnyDepthIsMaskedAndTheRestKept() {
        String payload = """
                {"id":"1","params":{"productKey":"a1","deviceSecret":"s3cr3t","deviceList":[
                {"deviceName":"d","sign":"abcdef","clientId":"a1.d"}],"nested":{"deviceToken":"t0k","password":"pw"}},
                "productSecret":"ps"}""";

        String redacted = SecretFields.redact(payload.getBytes(StandardCharsets.UTF_8));

        assertThat(AlinkJson.parse(redacted)).isEqualTo(AlinkJson.parse("""
                {"id":"1","params":{"productKey":"a1","deviceSecret":"***","deviceList":[
                {"deviceName":"d","sign":"***","clientId":"a1.d"}],"nested":{"deviceToken":"***","password":"***"}},
                "productSecret":"***"}"""));
    }

    @Test
    void givenAPayloadThatIsNotJson_whenRedacted_thenNull() {
        assertThat(SecretFields.redact("raw bytes".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
