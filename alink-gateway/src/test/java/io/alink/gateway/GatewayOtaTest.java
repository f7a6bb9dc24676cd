package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.TestPlatform.config;
import static io.alink.gateway.TestPlatform.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ota.OtaUpgradeNotice;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GatewayOta} and {@link FirmwareDownload} against the emulator's upgrade jobs, over TLS: the firmware is
 * fetched over HTTPS from the emulator's signed URL, trusted by the same caFile as the MQTT connection.
 */
class GatewayOtaTest {

    private static final HttpClient ADMIN = HttpClient.newHttpClient();

    @RegisterExtension
    static final EmulatorExtension emulator = TestPlatform.emulator().withTls();

    @TempDir
    Path dir;

    private GatewayClient connected(DeviceIdentity gateway) {
        GatewayClient client = TestPlatform.client(emulator, config(emulator, gateway, dir.resolve("store"))
                .endpoint("127.0.0.1", emulator.mqttTlsPort(), true).caFile(emulator.tlsCertificate()));
        await(client.connect());
        return client;
    }

    @Test
    void givenAJobForALoggedInSubDevice_whenItsNoticeIsDownloadedAndTheNewVersionInformed_thenTheJobSucceeds()
            throws Exception {
        DeviceIdentity sub = emulator.newSubDevice();
        GatewayClient client = connected(emulator.newGateway());
        Map<DeviceId, OtaUpgradeNotice> notices = inTopologyWithNotices(client, sub);
        await(client.login(List.of(credentials(sub))));
        await(client.ota().inform(sub.id(), "1.0.0"));
        byte[] firmware = firmware(120_000);

        long job = job(upload(sub.productKey(), "2.0.0", firmware), sub.id());

        OtaUpgradeNotice notice = awaitNotice(notices, sub.id());
        assertThat(notice.version()).isEqualTo("2.0.0");
        assertThat(notice.url()).startsWith("https://");
        Path file = await(FirmwareDownload.of(client.config()).download(notice, dir.resolve("fw.bin"), percent -> {
        }));
        assertThat(Files.readAllBytes(file)).isEqualTo(firmware);

        await(client.ota().reportProgress(sub.id(), 100, "flashed"));
        await(client.ota().inform(sub.id(), "2.0.0"));

        Awaitility.await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            JsonNode target = target(job, sub.id());
            assertThat(target.path("state").asText()).as(target.toString()).isEqualTo("SUCCEEDED");
            assertThat(target.path("reportedVersion").asText()).isEqualTo("2.0.0");
        });
    }

    @Test
    void givenAJobCreatedWhileTheSubDeviceWasOffline_whenItLogsIn_thenItsNoticeArrivesThroughTheGateway()
            throws Exception {
        DeviceIdentity sub = emulator.newSubDevice();
        GatewayClient client = connected(emulator.newGateway());
        Map<DeviceId, OtaUpgradeNotice> notices = inTopologyWithNotices(client, sub);
        job(upload(sub.productKey(), "4.0.0", firmware(2000)), sub.id());

        await(client.login(List.of(credentials(sub))));

        OtaUpgradeNotice notice = awaitNotice(notices, sub.id());
        assertThat(notice.version()).isEqualTo("4.0.0");
        assertThat(notice.size()).isEqualTo(2000);
    }

    @Test
    void givenAJobForTheGateway_whenItAsksForFirmware_thenItGetsTheJobsFirmwareAndNoneForTheOtherModule()
            throws Exception {
        DeviceIdentity gateway = emulator.newGateway();
        long firmwareId = upload(gateway.productKey(), "5.0.0", firmware(1000));
        job(firmwareId, gateway.id());
        GatewayClient client = connected(gateway);

        Optional<OtaUpgradeNotice> pending = await(client.ota().requestFirmware(gateway.id()));
        Optional<OtaUpgradeNotice> none = await(client.ota().requestFirmware(gateway.id(), "mcu"));

        assertThat(pending).hasValueSatisfying(notice -> {
            assertThat(notice.version()).isEqualTo("5.0.0");
            assertThat(notice.size()).isEqualTo(1000);
        });
        assertThat(none).isEmpty();
    }

    @Test
    void givenOnlyTheJdkTrustStore_whenDownloadingFromTheEmulatorsSelfSignedHttps_thenItFailsAtOnceNamingCaFile()
            throws Exception {
        DeviceIdentity gateway = emulator.newGateway();
        job(upload(gateway.productKey(), "6.0.0", firmware(1000)), gateway.id());
        OtaUpgradeNotice notice = await(connected(gateway).ota().requestFirmware(gateway.id())).orElseThrow();

        FirmwareDownloadException failed = Futures.failure(FirmwareDownload.builder().build()
                .download(notice, dir.resolve("fw.bin"), percent -> {
                }), FirmwareDownloadException.class);

        assertThat(failed.getMessage()).contains("not trusted", "set caFile").doesNotContain("signature");
        assertThat(dir.resolve("fw.bin")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 101, -5, Integer.MIN_VALUE})
    void givenAStepOutOfRange_whenReportingProgress_thenItIsRefusedAtOnce(int step) {
        DeviceIdentity gateway = emulator.newGateway();
        GatewayClient client = connected(gateway);

        assertThatThrownBy(() -> client.ota().reportProgress(gateway.id(), step, "x"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("was " + step);
    }

    @Test
    void givenASubDeviceNotLoggedIn_whenInformingItsVersion_thenItIsRefusedAtOnce() {
        GatewayClient client = connected(emulator.newGateway());
        DeviceId stranger = emulator.newSubDevice().id();

        assertThatThrownBy(() -> client.ota().inform(stranger, "1.0")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("logged in");
        assertThatThrownBy(() -> client.ota().inform(client.gatewayId(), ""))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("version");
    }

    /** {@code sub} added to the topology of {@code client}, whose notice handler keeps the newest per device. */
    private static Map<DeviceId, OtaUpgradeNotice> inTopologyWithNotices(GatewayClient client, DeviceIdentity sub) {
        Map<DeviceId, OtaUpgradeNotice> notices = new ConcurrentHashMap<>();
        client.ota().onUpgradeNotice(notices::put);
        await(client.addTopo(List.of(credentials(sub))));
        return notices;
    }

    private static OtaUpgradeNotice awaitNotice(Map<DeviceId, OtaUpgradeNotice> notices, DeviceId device) {
        return Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> notices.get(device), n -> n != null);
    }

    private static byte[] firmware(int size) {
        byte[] firmware = new byte[size];
        new Random(size).nextBytes(firmware);
        return firmware;
    }

    private static long upload(String productKey, String version, byte[] file) throws Exception {
        return admin(HttpRequest.newBuilder(URI.create(emulator.httpUri() + "/api/firmware?productKey=" + productKey
                + "&version=" + version)).POST(HttpRequest.BodyPublishers.ofByteArray(file))).path("id").asLong();
    }

    private static long job(long firmwareId, DeviceId device) throws Exception {
        String body = "{\"firmwareId\":" + firmwareId + ",\"devices\":[{\"productKey\":\"" + device.productKey()
                + "\",\"deviceName\":\"" + device.deviceName() + "\"}]}";
        return admin(HttpRequest.newBuilder(URI.create(emulator.httpUri() + "/api/ota/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)))
                .path("id").asLong();
    }

    private static JsonNode target(long job, DeviceId device) throws Exception {
        JsonNode devices = admin(HttpRequest.newBuilder(URI.create(emulator.httpUri() + "/api/ota/jobs/" + job)))
                .path("devices");
        return StreamSupport.stream(devices.spliterator(), false)
                .filter(d -> d.path("deviceName").asText().equals(device.deviceName())).findFirst().orElseThrow();
    }

    private static JsonNode admin(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = ADMIN.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return AlinkJson.parse(response.body());
    }
}
