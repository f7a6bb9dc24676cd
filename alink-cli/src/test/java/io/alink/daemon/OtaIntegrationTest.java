package io.alink.daemon;

import static io.alink.daemon.Http.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Firmware updates through the daemon, against the emulated platform's upgrade jobs: a sub-device's firmware handed
 * to its adapter as an {@code ota} command, the gateway's own run through the configured hook, a corrupt file
 * reported as step -3 and deleted, and bad progress reports refused. The cloud is driven through the admin API.
 */
class OtaIntegrationTest {

    private static final TestGateways GATEWAYS = TestGateways.of(3, 0, "gwota");
    private static final DeviceId GATEWAY = DeviceId.of(TestGateways.GATEWAY_PK, "gwota");
    private static final DeviceId SUB = GATEWAYS.subDevicesOf("gwota").get(0);
    private static final DeviceId CORRUPTED = GATEWAYS.subDevicesOf("gwota").get(1);
    private static final DeviceId QUIET = GATEWAYS.subDevicesOf("gwota").get(2);

    @TempDir
    static Path dir;

    @RegisterExtension
    static final EmulatorExtension emulator = GATEWAYS.emulator();

    @RegisterExtension
    static final DaemonUnderTest daemon = new DaemonUnderTest();

    private static Http cloud;
    private static CloudOta otaJobs;
    private static Http southbound;
    private static Path marker;

    @BeforeAll
    static void start() throws Exception {
        cloud = new Http(URI.create("http://127.0.0.1:" + emulator.httpPort()));
        otaJobs = new CloudOta(cloud);
        marker = dir.resolve("installed.txt");
        // fails (status 3) for a file whose name says so, installs (writes the marker) any other
        Path hook = Files.writeString(dir.resolve("install.sh"), "#!/bin/sh\ncase \"$1\" in *fail*) exit 3;; esac\n"
                + "printf '%s' \"$1\" > " + marker + "\n");
        String yaml = GATEWAYS.yaml("gwota", emulator.mqttPort(), daemon.store(dir),
                "ota: {gatewayCommand: [/bin/sh, " + hook + "], version: 1.0.0}\n")
                // one sub-device says which version it runs
                .replaceFirst("(deviceName: " + CORRUPTED.deviceName() + ", deviceSecret: [^}]*)}",
                        "$1, version: 0.5.0}");
        daemon.start(dir, yaml);
        southbound = daemon.southbound();
    }

    @Test
    void givenAJobForASubDevice_whenItsAdapterInstallsTheFileItWasHanded_thenTheJobSucceeds() throws Exception {
        byte[] firmware = firmware(200_000);
        long job = job(otaJobs.upload(SUB, "2.0.0", firmware), SUB);

        JsonNode command = awaitOtaCommand(SUB);
        JsonNode params = command.path("params");
        assertThat(params.path("version").asText()).isEqualTo("2.0.0");
        assertThat(params.path("size").asLong()).isEqualTo(firmware.length);
        assertThat(params.path("signMethod").asText()).isEqualTo("SHA256");
        assertThat(params.path("sign").asText()).isEqualTo(sha256(firmware));
        assertThat(Files.readAllBytes(Path.of(params.path("file").asText()))).isEqualTo(firmware);
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(progressSteps(SUB)).contains(100));

        assertError(southbound.post("/v1/commands/" + command.path("commandId").asText() + "/reply",
                "{\"code\":200}"), 404, "no command");
        assertThat(southbound.post(otaPath(SUB, "/ota/progress"), "{\"step\":50,\"desc\":\"flashing\"}")
                .statusCode()).isEqualTo(204);
        assertThat(southbound.post(otaPath(SUB, "/version"), "{\"version\":\"2.0.0\"}").statusCode())
                .isEqualTo(204);

        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            JsonNode target = otaJobs.target(job, SUB);
            assertThat(target.path("state").asText()).as(target.toString()).isEqualTo("SUCCEEDED");
            assertThat(target.path("reportedVersion").asText()).isEqualTo("2.0.0");
        });
    }

    @Test
    void givenAJobForTheGatewayItself_whenTheFileIsVerified_thenTheHookGetsItsPathAndSuccessIsReported()
            throws Exception {
        long job = job(otaJobs.upload(GATEWAY, "1.1.0", firmware(50_000)), GATEWAY);

        // the hook's redirection creates the marker before printf writes the path into it
        Path installed = Path.of(await().atMost(60, TimeUnit.SECONDS).until(
                () -> Files.exists(marker) ? Files.readString(marker) : "", written -> !written.isEmpty()));
        assertThat(installed).startsWith(dir.resolve("store").resolve("ota")).exists();
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            JsonNode target = otaJobs.target(job, GATEWAY);
            assertThat(target.path("step").asInt()).as(target.toString()).isEqualTo(100);
            assertThat(target.path("desc").asText()).contains("status 0");
        });
    }

    @Test
    void givenAHookThatFails_whenTheGatewaysFirmwareIsInstalled_thenStepMinus4IsReportedWithItsExitStatus() {
        job(otaJobs.upload(GATEWAY, "1.2.0-fail", firmware(3000)), GATEWAY);

        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> assertThat(messages(GATEWAY,
                "/ota/device/progress/")).anySatisfy(params -> {
                    assertThat(params.path("step").asInt()).isEqualTo(-4);
                    assertThat(params.path("desc").asText()).contains("status 3");
                }));
    }

    @Test
    void givenVersionsInTheFile_whenTheDaemonCameUp_thenTheGatewaysAndTheSubDevicesWereInformed() {
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(messages(GATEWAY, "/ota/device/inform/"))
                    .anySatisfy(params -> assertThat(params.path("version").asText()).isEqualTo("1.0.0"));
            assertThat(messages(CORRUPTED, "/ota/device/inform/"))
                    .anySatisfy(params -> assertThat(params.path("version").asText()).isEqualTo("0.5.0"));
        });
    }

    @Test
    void givenAFileThatDoesNotMatchItsSign_whenDownloaded_thenStepMinus3IsReportedTheFileDeletedAndNoCommandGiven()
            throws Exception {
        byte[] firmware = firmware(100_000);
        Path ota = Files.createDirectories(dir.resolve("store").resolve("ota"));
        // a broken download left behind, whose bytes are not the file's: resumed, the file fails its sign
        Path part = ota.resolve(CORRUPTED.productKey() + "." + CORRUPTED.deviceName() + ".default.3.0.0.bin.part");
        Files.write(part, new byte[1000]);

        long job = job(otaJobs.upload(CORRUPTED, "3.0.0", firmware), CORRUPTED);

        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> {
            JsonNode target = otaJobs.target(job, CORRUPTED);
            assertThat(target.path("step").asInt()).as(target.toString()).isEqualTo(-3);
            assertThat(target.path("state").asText()).isEqualTo("FAILED");
        });
        assertThat(part).doesNotExist();
        assertThat(ota.resolve(CORRUPTED.productKey() + "." + CORRUPTED.deviceName() + ".default.3.0.0.bin"))
                .doesNotExist();
        assertThat(southbound.getJson(otaPath(CORRUPTED, "/commands"))).isEmpty();
    }

    @Test
    void givenABadProgressReport_whenPosted_thenItIsRefusedWith400AndNothingIsSent() {
        awaitOnline(QUIET);

        assertError(southbound.post(otaPath(QUIET, "/ota/progress"), "{\"step\":101}"), 400, "step must be 1 to 100");
        assertError(southbound.post(otaPath(QUIET, "/ota/progress"), "{\"step\":-5,\"desc\":\"x\"}"), 400, "-4");
        assertError(southbound.post(otaPath(QUIET, "/ota/progress"), "{\"step\":\"50\"}"), 400, "step is required");
        assertError(southbound.post(otaPath(QUIET, "/ota/progress"), "{\"step\":5,\"stage\":1}"), 400,
                "unknown key 'stage'");
        assertError(southbound.post(otaPath(QUIET, "/version"), "{}"), 400, "version is required");

        assertThat(southbound.post(otaPath(QUIET, "/version"), "{\"version\":\"0.9\"}").statusCode()).isEqualTo(204);
        await().atMost(30, TimeUnit.SECONDS).until(() -> !messages(QUIET, "/ota/device/inform/").isEmpty());
        assertThat(messages(QUIET, "/ota/device/progress/")).isEmpty();
    }

    private static byte[] firmware(int size) {
        byte[] firmware = new byte[size];
        new Random(size).nextBytes(firmware);
        return firmware;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static long job(long firmwareId, DeviceId device) {
        awaitOnline(device);
        return otaJobs.job(firmwareId, device);
    }

    private static JsonNode awaitOtaCommand(DeviceId device) {
        return await().atMost(60, TimeUnit.SECONDS).until(() -> StreamSupport.stream(
                        southbound.getJson(otaPath(device, "/commands?waitMs=5000")).spliterator(), false)
                .filter(c -> c.path("kind").asText().equals("ota")).findFirst().orElse(null),
                command -> command != null);
    }

    /** The params of the OTA messages {@code device} sent on topics starting with {@code prefix}. */
    private static List<JsonNode> messages(DeviceId device, String prefix) {
        JsonNode messages = cloud.getJson("/api/messages?productKey=" + device.productKey() + "&deviceName="
                + device.deviceName() + "&limit=1000");
        return StreamSupport.stream(messages.spliterator(), false)
                .filter(message -> message.path("topic").asText().startsWith(prefix))
                .map(message -> AlinkJson.parse(message.path("payload").asText()).path("params")).toList();
    }

    private static List<Integer> progressSteps(DeviceId device) {
        return messages(device, "/ota/device/progress/").stream().map(params -> params.path("step").asInt())
                .toList();
    }

    private static void awaitOnline(DeviceId device) {
        await().atMost(60, TimeUnit.SECONDS).until(() -> cloud.getJson("/api/devices/" + device.productKey() + "/"
                + device.deviceName()).path("online").asBoolean());
    }

    private static String otaPath(DeviceId device, String rest) {
        return "/v1/devices/" + device.productKey() + "/" + device.deviceName() + rest;
    }
}
