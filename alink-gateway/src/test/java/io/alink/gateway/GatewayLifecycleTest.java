package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.TestPlatform.CLOUD_TIMEOUT;
import static io.alink.gateway.TestPlatform.config;
import static io.alink.gateway.TestPlatform.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The cloud's lifecycle notices and the gateway's list/found through {@link GatewayClient#lifecycle()}. */
class GatewayLifecycleTest {

    @RegisterExtension
    static final EmulatorExtension emulator = TestPlatform.emulator();

    @TempDir
    Path store;

    private final List<LifecycleEvent> events = new CopyOnWriteArrayList<>();

    private GatewayClient connected() {
        GatewayClient client = TestPlatform.client(emulator, config(emulator, emulator.newGateway(), store));
        client.lifecycle().addListener(events::add);
        await(client.connect());
        return client;
    }

    private void awaitEvents(int count) {
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> events.size() >= count);
    }

    @Test
    void givenALoggedInSubDevice_whenTheCloudDisablesAndEnablesIt_thenTheListenerHearsBothInOrder() {
        List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(1));
        GatewayClient client = connected();
        await(client.addTopo(subs));
        await(client.login(subs));
        DeviceId sub = subs.get(0).device();

        emulator.admin().setEnabled(sub, false);
        awaitEvents(1);
        emulator.admin().setEnabled(sub, true);
        awaitEvents(2);

        assertThat(events).containsExactly(new LifecycleEvent.Disabled(sub), new LifecycleEvent.Enabled(sub));
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void givenASubDeviceInTheTopology_whenTheCloudDeletesIt_thenTheListenerHearsItWasDeleted() {
        List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(1));
        GatewayClient client = connected();
        await(client.addTopo(subs));
        await(client.login(subs));

        emulator.admin().lifecycle().delete(subs.get(0).device());
        awaitEvents(1);

        assertThat(events).containsExactly(new LifecycleEvent.Deleted(subs.get(0).device()));
        assertThat(emulator.admin().device(subs.get(0).device())).isEmpty();
    }

    @Test
    void givenAConnectedGateway_whenTheCloudAsksToAddSubDevices_thenTheClientAcknowledgesAndTheListenerGetsThem() {
        GatewayClient client = connected();
        List<DeviceId> wanted = credentials(emulator.newSubDevices(2)).stream().map(SubDeviceCredentials::device)
                .toList();

        AlinkReply reply = await(emulator.admin().lifecycle().notifyTopoAdd(client.gatewayId(), wanted,
                CLOUD_TIMEOUT));
        awaitEvents(1);

        assertThat(reply.code()).isEqualTo(ReplyCode.SUCCESS);
        assertThat(events).containsExactly(new LifecycleEvent.TopoAddRequested(wanted));
    }

    @Test
    void givenDiscoveredSubDevices_whenTheGatewayReportsThem_thenTheCloudKeepsThemAsFound() {
        GatewayClient client = connected();
        List<DeviceId> found = List.of(DeviceId.of("a1Found0001", "meter-1"), DeviceId.of("a1Found0001", "meter-2"));

        await(client.lifecycle().reportFound(found));

        assertThat(emulator.admin().lifecycle().found(client.gatewayId())).containsExactlyElementsOf(found);
    }

    @Test
    void givenNoSubDevices_whenReportingFound_thenRefusedBeforeSending() {
        GatewayClient client = connected();

        assertThatThrownBy(() -> client.lifecycle().reportFound(List.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> client.lifecycle().addListener(null)).isInstanceOf(InvalidRequestException.class);
    }
}
