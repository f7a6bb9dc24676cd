package io.alink.daemon;

import static io.alink.daemon.Http.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.DeviceId;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the cloud asks of the daemon beyond asynchronous calls, with one daemon in this JVM in front of an emulator in
 * this JVM: sync service calls (answered within the cloud's deadline or not at all), and the sub-devices' life (disable,
 * enable, topo/add/notify).
 */
class CloudCallsDaemonTest {

    private static final TestGateways GATEWAYS = TestGateways.of(5, 0, "gwsync");
    private static final DeviceId GATEWAY = DeviceId.of(TestGateways.GATEWAY_PK, "gwsync");
    private static final List<DeviceId> SUBS = GATEWAYS.subDevicesOf("gwsync");
    /** The daemon's answer window for sync calls, as gateway.yaml sets it. */
    private static final int ANSWER_WINDOW_MS = 2000;

    @TempDir
    static Path dir;

    @RegisterExtension
    static final EmulatorExtension emulator = GATEWAYS.emulator();

    @RegisterExtension
    static final DaemonUnderTest daemon = new DaemonUnderTest();

    private static Http southbound;

    @BeforeAll
    static void startTheDaemon() throws Exception {
        daemon.start(dir, GATEWAYS.yaml("gwsync", emulator.mqttPort(), daemon.store(dir),
                "rrpcAnswerWindowMs: " + ANSWER_WINDOW_MS + "\n"));
        southbound = daemon.southbound();
    }

    private static String devicePath(DeviceId device) {
        return "/v1/devices/" + device.productKey() + "/" + device.deviceName();
    }

    @Test
    void givenASyncServiceCall_whenTheAdapterAnswersInTime_thenTheCommandCarriesItsDeadlineAndTheCloudGetsTheAnswer() {
        DeviceId sub = SUBS.get(0);
        long before = System.currentTimeMillis();
        CompletableFuture<AlinkReply> cloud = emulator.admin().rrpc().invokeServiceSync(sub, "measure",
                AlinkJson.object().put("range", 2), Duration.ofSeconds(8));

        JsonNode command = southbound.getJson(devicePath(sub) + "/commands?waitMs=30000").get(0);
        HttpResponse<String> reply = southbound.post("/v1/commands/" + command.path("commandId").asText() + "/reply",
                "{\"code\":200,\"data\":{\"value\":7}}");

        assertThat(command.path("identifier").asText()).isEqualTo("measure");
        assertThat(command.path("deadlineMillis").asLong()).isGreaterThan(before)
                .isLessThanOrEqualTo(System.currentTimeMillis() + ANSWER_WINDOW_MS);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(204);
        assertThat(cloud).succeedsWithin(Duration.ofSeconds(30)).satisfies(answer -> {
            assertThat(answer.code()).isEqualTo(200);
            assertThat(answer.data().path("value").asInt()).isEqualTo(7);
        });
    }

    @Test
    void givenAnAsyncServiceCall_whenFetched_thenTheCommandHasNoDeadline() {
        DeviceId sub = SUBS.get(1);
        emulator.admin().invokeService(sub, "reboot", AlinkJson.object(), Duration.ofSeconds(30));

        JsonNode command = southbound.getJson(devicePath(sub) + "/commands?waitMs=30000").get(0);

        assertThat(command.has("deadlineMillis")).isFalse();
        southbound.post("/v1/commands/" + command.path("commandId").asText() + "/reply", "{\"code\":200}");
    }

    @Test
    void givenASyncServiceCall_whenTheAdapterAnswersAfterTheDeadline_thenGoneWithWhyAndTheCloudNeverGetsIt() {
        DeviceId sub = SUBS.get(2);
        CompletableFuture<AlinkReply> cloud = emulator.admin().rrpc().invokeServiceSync(sub, "slow",
                AlinkJson.object(), Duration.ofSeconds(3));
        JsonNode command = southbound.getJson(devicePath(sub) + "/commands?waitMs=30000").get(0);
        long deadline = command.path("deadlineMillis").asLong();
        await().atMost(30, TimeUnit.SECONDS).until(() -> System.currentTimeMillis() > deadline);

        HttpResponse<String> late = southbound.post("/v1/commands/" + command.path("commandId").asText()
                + "/reply", "{\"code\":200,\"data\":{\"value\":1}}");

        assertError(late, 410, "deadline");
        assertThat(late.body()).contains("not sent");
        await().atMost(30, TimeUnit.SECONDS).until(cloud::isDone);
        assertThat(cloud.handle((answer, error) -> answer == null ? 0 : answer.code()).join()).isNotEqualTo(200);
    }

    @Test
    void givenASubDevice_whenTheCloudDisablesIt_thenItsAdapterGets409UntilTheCloudEnablesItAgain() {
        DeviceId sub = SUBS.get(3);

        emulator.admin().setEnabled(sub, false);
        await().atMost(30, TimeUnit.SECONDS).until(() -> southbound.post(Http.propertiesPath(sub),
                "{\"LightSwitch\":1}").statusCode() == 409);
        HttpResponse<String> refused = southbound.post(Http.propertiesPath(sub), "{\"LightSwitch\":1}");
        JsonNode listed = daemon.listed(sub);
        emulator.admin().setEnabled(sub, true);

        assertError(refused, 409, "disabled in the cloud");
        assertThat(listed.path("disabled").asBoolean()).isTrue();
        await().atMost(30, TimeUnit.SECONDS).until(() -> emulator.online(sub)
                && southbound.post(Http.propertiesPath(sub), "{\"LightSwitch\":0}").statusCode() == 202);
    }

    @Test
    void givenASubDeviceTheCloudRemoved_whenItAsksToAddItAndOneTheDaemonHasNoSecretFor_thenOnlyTheFirstComesBack()
            throws Exception {
        DeviceId sub = SUBS.get(4);
        DeviceId stranger = DeviceId.of(TestGateways.SUB_PK, "stranger1");
        emulator.admin().createDevice(stranger.productKey(),
                new io.alink.emulator.DeviceConfig(stranger.deviceName(), "StrangerSecret0123456789"));
        emulator.admin().deleteTopo(GATEWAY, sub);
        await().atMost(30, TimeUnit.SECONDS).until(() -> southbound.post(Http.propertiesPath(sub),
                "{\"LightSwitch\":1}").statusCode() == 409);

        AlinkReply reply = emulator.admin().lifecycle().notifyTopoAdd(GATEWAY, List.of(sub, stranger),
                Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);

        assertThat(reply.code()).isEqualTo(200);
        await().atMost(30, TimeUnit.SECONDS).until(() -> emulator.online(sub));
        assertThat(emulator.admin().device(GATEWAY).orElseThrow().topo())
                .anyMatch(entry -> entry.deviceName().equals(sub.deviceName()))
                .noneMatch(entry -> entry.deviceName().equals(stranger.deviceName()));
        assertThat(southbound.post(Http.propertiesPath(sub), "{\"LightSwitch\":1}").statusCode()).isEqualTo(202);
    }
}
