package io.alink.emulator.ota;

import static org.assertj.core.api.Assertions.assertThat;

import io.alink.emulator.TestDevice;
import io.alink.emulator.TestProducts;
import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.ota.OtaTopics;
import io.alink.protocol.ota.OtaUpgradeNotice;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The firmware file server of an emulator with a TLS identity: files over HTTPS checked against the emulator's
 * certificate, with the URL of a real upgrade notice.
 */
class FirmwareDownloadTest {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.of(TestProducts.config()).withTls();

    private static final byte[] FILE = "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

    private OtaConsole console;
    private String url;

    /** A gateway notified of a job: the URL of its notice. */
    @BeforeEach
    void notifiedGateway() {
        console = new OtaConsole(emulator.httpUri(), emulator.tlsCertificate());
        DeviceIdentity gw = emulator.newGateway();
        TestDevice device = TestDevice.connect(emulator.mqttPort(), gw.id(), gw.deviceSecret());
        emulator.closeAfterTest(device);
        long firmware = console.uploaded(gw.productKey(), "2.0", FILE);
        console.created("{\"firmwareId\":" + firmware + ",\"devices\":[{\"productKey\":\"" + gw.productKey()
                + "\",\"deviceName\":\"" + gw.deviceName() + "\"}]}");
        url = OtaUpgradeNotice.parse(device.await(OtaTopics.upgrade(gw.id()), m -> true).payload()).url();
    }

    @Test
    void givenTheNoticesUrl_whenDownloadedOverHttps_thenTheWholeFileComes() {
        OtaConsole.Answer answer = console.download(url, null);

        assertThat(url).startsWith("https://127.0.0.1:");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(FILE);
        assertThat(answer.header("Accept-Ranges")).isEqualTo("bytes");
    }

    @Test
    void givenABrokenDownload_whenResumedWithARange_thenTheRestComesAs206() {
        OtaConsole.Answer rest = console.download(url, "bytes=10-");

        assertThat(rest.status()).isEqualTo(206);
        assertThat(rest.header("Content-Range")).isEqualTo("bytes 10-" + (FILE.length - 1) + "/" + FILE.length);
        assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(FILE, 10, FILE.length));
    }

    @Test
    void givenARangeBeyondTheFile_whenRequested_thenItIs416() {
        OtaConsole.Answer beyond = console.download(url, "bytes=" + FILE.length + "-");
        OtaConsole.Answer malformed = console.download(url, "bytes=-5");

        assertThat(beyond.status()).isEqualTo(416);
        assertThat(beyond.header("Content-Range")).isEqualTo("bytes */" + FILE.length);
        assertThat(malformed.status()).isEqualTo(416);
    }

    @Test
    void givenAForgedUrl_whenDownloaded_thenItIs403WithAJsonReason() {
        String otherDevice = url.replaceFirst("device=[^&]+", "device=" + TestProducts.GW_PK + "%2Fgw1");
        String otherSignature = url.substring(0, url.length() - 1) + (url.endsWith("0") ? "1" : "0");

        for (String forged : new String[] {otherDevice, otherSignature, url.substring(0, url.indexOf('?'))}) {
            OtaConsole.Answer answer = console.download(forged, null);
            assertThat(answer.status()).as(forged).isEqualTo(403);
            assertThat(answer.json().get("error").asText()).isEqualTo("forbidden");
        }
    }
}
