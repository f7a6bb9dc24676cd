package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.Futures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.alink.emulator.DeviceConfig;
import io.alink.emulator.DeviceView;
import io.alink.emulator.Limits;
import io.alink.emulator.MessageRecord;
import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lists longer than one request takes, up to the platform's 2,000 sub-devices per gateway. The emulator's login rate
 * limit is off and the client's pace raised to match, so that only the batching is under test.
 */
class BatchingTest {

    private static final String BULK_PK = "a1SubBulk1";
    private static final int MAX = 2_000;

    private static EmulatorFixture emulator;
    private static List<SubDeviceCredentials> bulk;

    @TempDir
    Path store;

    private GatewayClient client;

    @BeforeAll
    static void startEmulator() {
        List<DeviceConfig> devices = IntStream.rangeClosed(1, MAX + 1)
                .mapToObj(i -> new DeviceConfig("bulk" + i, "BulkSecret" + i)).toList();
        emulator = EmulatorFixture.start(config -> config
                .limits(Limits.PLATFORM.withLoginsPerSecond(0))
                .product(new ProductConfig(BULK_PK, "BulkProductSecret1", NodeType.SUB_DEVICE, true, devices)));
        bulk = devices.stream().map(d -> SubDeviceCredentials.of(BULK_PK, d.deviceName(), d.deviceSecret())).toList();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @AfterEach
    void closeClient() {
        await(client.close());
    }

    private GatewayClient connected() {
        client = GatewayClient.create(emulator.config(emulator.newGateway(), store).maxLoginsPerSecond(10_000).build());
        await(client.connect());
        return client;
    }

    @Test
    void given2000SubDevices_whenAddedLoggedInLoggedOutAndRemoved_thenEveryRequestStaysWithinThePlatformLimits() {
        GatewayClient gateway = connected();
        List<SubDeviceCredentials> subs = bulk.subList(0, MAX);
        List<DeviceId> ids = subs.stream().map(SubDeviceCredentials::device).toList();

        assertThat(await(gateway.addTopo(subs)).devices()).containsExactlyElementsOf(ids);
        assertThat(await(gateway.getTopo()).devices()).hasSize(MAX);
        assertThat(await(gateway.login(subs)).devices()).containsExactlyElementsOf(ids);
        DeviceView view = emulator.admin().device(gateway.gatewayId()).orElseThrow();
        assertThat(view.topo()).hasSize(MAX).allMatch(DeviceView.TopoEntry::online);

        assertThat(entriesPerRequest(gateway.gatewayId(), "/thing/topo/add"))
                .hasSize(67).allMatch(n -> n <= Topology.TOPO_BATCH).contains(20);
        assertThat(entriesPerRequest(gateway.gatewayId(), "/combine/batch_login"))
                .hasSize(40).allMatch(n -> n == SubDeviceLogins.LOGIN_BATCH);

        AlinkReplyException full = failure(gateway.addTopo(List.of(bulk.get(MAX))), AlinkReplyException.class);
        assertThat(full.code()).isEqualTo(ReplyCode.TOO_MANY_SUB_DEVICES);

        assertThat(await(gateway.logout(ids)).devices()).hasSize(MAX);
        assertThat(await(gateway.removeTopo(ids)).devices()).hasSize(MAX);
        assertThat(await(gateway.getTopo()).devices()).isEmpty();
        assertThat(entriesPerRequest(gateway.gatewayId(), "/combine/batch_logout")).hasSize(40);
        assertThat(entriesPerRequest(gateway.gatewayId(), "/thing/topo/delete")).hasSize(67);
    }

    @Test
    void givenARefusedSecondBatch_whenLoggingIn_thenTheFailureNamesWhatTheFirstBatchDid() {
        GatewayClient gateway = connected();
        List<SubDeviceCredentials> subs = emulator.newSubDeviceCredentials(60);
        await(gateway.addTopo(subs.subList(0, 54)));

        AlinkReplyException refused = failure(gateway.login(subs), AlinkReplyException.class);

        assertThat(refused.code()).isEqualTo(ReplyCode.TOPO_RELATION_NOT_EXIST);
        assertThat(refused.getMessage()).contains("batch 2 of 2");
        assertThat(refused.completed()).containsExactlyElementsOf(
                subs.subList(0, 50).stream().map(SubDeviceCredentials::device).toList());
        assertThat(gateway.loggedIn()).hasSize(50);
    }

    @Test
    void given31PreRegisteredSubDevices_whenRegistering_thenTwoRequestsIssueAllSecrets() {
        GatewayClient gateway = connected();
        List<DeviceId> subs = IntStream.range(0, 31)
                .mapToObj(i -> emulator.newUnregisteredSubDevice(EmulatorFixture.SUB_PK)).toList();

        List<SubDeviceCredentials> issued = await(gateway.registerSubDevices(subs));

        assertThat(issued).extracting(SubDeviceCredentials::device).containsExactlyElementsOf(subs);
        assertThat(entriesPerRequest(gateway.gatewayId(), "/thing/sub/register")).containsExactly(30, 1);
    }

    @Test
    void givenTheSameSubDeviceTwice_whenAddingTopo_thenItIsSentOnce() {
        GatewayClient gateway = connected();
        SubDeviceCredentials sub = emulator.newSubDeviceCredentials(1).get(0);

        assertThat(await(gateway.addTopo(List.of(sub, sub))).devices()).containsExactly(sub.device());
        assertThat(entriesPerRequest(gateway.gatewayId(), "/thing/topo/add")).containsExactly(1);
    }

    /** How many sub-devices each request on a topic ending in {@code suffix} carried, oldest first. */
    private static List<Integer> entriesPerRequest(DeviceId gateway, String suffix) {
        return emulator.admin().messages(gateway, 100_000).stream()
                .filter(m -> m.topic().endsWith(suffix))
                .map(MessageRecord::payload)
                .map(AlinkRequest::parse)
                .map(r -> r.params().has("deviceList") ? r.params().get("deviceList").size() : r.params().size())
                .toList();
    }
}
