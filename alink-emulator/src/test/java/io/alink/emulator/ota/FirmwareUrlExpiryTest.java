package io.alink.emulator.ota;

import static org.assertj.core.api.Assertions.assertThat;

import io.alink.emulator.TestDevice;
import io.alink.emulator.TestProducts;
import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.ota.OtaTopics;
import io.alink.protocol.ota.OtaUpgradeNotice;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Download URLs that expire as they are made: each is refused, with the reason, and a fresh one is no better. */
class FirmwareUrlExpiryTest {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.of(TestProducts.config()
            .otaUrlLifetime(Duration.ZERO));

    @Test
    void givenAnExpiredUrl_whenDownloaded_thenItIs403SayingItExpired() {
        // given
        OtaConsole console = new OtaConsole(emulator.httpUri(), null);
        DeviceIdentity gw = emulator.newGateway();
        TestDevice device = TestDevice.connect(emulator.mqttPort(), gw.id(), gw.deviceSecret());
        emulator.closeAfterTest(device);
        long firmware = console.uploaded(gw.productKey(), "2.0", "file".getBytes(StandardCharsets.US_ASCII));
        console.created("{\"firmwareId\":" + firmware + ",\"allOfProduct\":true}");
        String url = OtaUpgradeNotice.parse(device.await(OtaTopics.upgrade(gw.id()), m -> true).payload()).url();
        // when
        OtaConsole.Answer answer = console.download(url, null);
        // then
        assertThat(url).startsWith("http://127.0.0.1:");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().get("message").asText()).contains("expired");
    }
}
