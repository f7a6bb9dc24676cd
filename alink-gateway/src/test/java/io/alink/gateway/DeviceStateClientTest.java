package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.Futures.failure;
import static io.alink.gateway.TestPlatform.config;
import static io.alink.gateway.TestPlatform.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.emulator.DeviceStateAdmin;
import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.ConfigFile;
import io.alink.protocol.DesiredValue;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ShadowMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Tags, desired properties, the shadow and remote configuration through the client, against the emulator. */
class DeviceStateClientTest {

    @RegisterExtension
    static final EmulatorExtension emulator = TestPlatform.emulator();

    @TempDir
    Path store;

    private DeviceStateAdmin cloud() {
        return emulator.admin().deviceState().orElseThrow();
    }

    private GatewayClient connected(DeviceIdentity gateway) {
        GatewayClient client = TestPlatform.client(emulator, config(emulator, gateway, store));
        await(client.connect());
        return client;
    }

    /** A connected gateway with one new sub-device logged in. */
    private DeviceId loggedInSub(GatewayClient client) {
        SubDeviceCredentials sub = credentials(emulator.newSubDevice());
        await(client.addTopo(List.of(sub)));
        await(client.login(List.of(sub)));
        return sub.device();
    }

    @Test
    void givenAGatewayAndItsSubDevice_whenTagsAreUpdatedAndDeleted_thenThePlatformHoldsWhatIsLeft() {
        DeviceIdentity gw = emulator.newGateway();
        GatewayClient client = connected(gw);
        DeviceId sub = loggedInSub(client);

        await(client.tags().update(gw.id(), Map.of("vendor", "acme")));
        await(client.tags().update(sub, Map.of("model", "x1", "site", "north")));
        await(client.tags().delete(sub, List.of("site")));

        assertThat(cloud().tags(gw.id())).containsExactly(Map.entry("vendor", "acme"));
        assertThat(cloud().tags(sub)).containsExactly(Map.entry("model", "x1"));
    }

    @Test
    void givenABadTagKey_whenUpdating_thenItIsRefusedBeforeAnythingIsSent() {
        DeviceIdentity gw = emulator.newGateway();
        GatewayClient client = connected(gw);
        int before = emulator.messagesFrom(gw.id());

        assertThatThrownBy(() -> client.tags().update(gw.id(), Map.of("1bad", "v")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("1bad");
        assertThatThrownBy(() -> client.tags().delete(gw.id(), List.of()))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(emulator.messagesFrom(gw.id())).isEqualTo(before);
    }

    @Test
    void givenDesiredValuesSetWhileTheGatewayWasOffline_whenItReadsAndDeletesThem_thenAStaleVersionDeletesNothing() {
        DeviceIdentity gw = emulator.newGateway();
        cloud().setDesired(gw.id(), AlinkJson.parse("{\"power\":\"on\",\"mode\":\"eco\"}"));
        GatewayClient client = connected(gw);

        Map<String, DesiredValue> read = await(client.desired().get(gw.id(), List.of()));
        cloud().setDesired(gw.id(), AlinkJson.parse("{\"power\":\"off\"}"));
        AlinkReplyException stale = failure(client.desired().deleteVersions(gw.id(),
                Map.of("power", read.get("power").version())), AlinkReplyException.class);
        Map<String, DesiredValue> afterStale = cloud().desired(gw.id());
        await(client.desired().delete(gw.id(), List.of("power", "mode")));

        assertThat(read).containsOnlyKeys("power", "mode");
        assertThat(read.get("power")).isEqualTo(new DesiredValue(AlinkJson.parse("\"on\""), 1));
        assertThat(stale.code()).isEqualTo(460);
        assertThat(afterStale.get("power").version()).isEqualTo(2);
        assertThat(cloud().desired(gw.id())).isEmpty();
    }

    @Test
    void givenAShadow_whenReportedWithAStaleVersion_thenItFailsWithTheConflictCodeAndTheShadowKeepsItsState() {
        DeviceIdentity gw = emulator.newGateway();
        GatewayClient client = connected(gw);

        long version = await(client.shadow().report(gw.id(), Map.of("color", "red", "size", 2), 10));
        AlinkReplyException stale = failure(client.shadow().report(gw.id(), Map.of("color", "blue"), 10),
                AlinkReplyException.class);
        long afterDelete = await(client.shadow().delete(gw.id(), List.of("size"), 11));
        ShadowState state = await(client.shadow().get(gw.id()));

        assertThat(version).isEqualTo(10);
        assertThat(stale.code()).isEqualTo(ShadowMessage.VERSION_CONFLICT);
        assertThat(afterDelete).isEqualTo(11);
        assertThat(state.reported()).isEqualTo(AlinkJson.parse("{\"color\":\"red\"}"));
        assertThat(state.version()).isEqualTo(11);
    }

    @Test
    void givenAListener_whenTheCloudSetsTheDesiredShadowOfALoggedInSubDevice_thenTheListenerHearsTheControl() {
        DeviceIdentity gw = emulator.newGateway();
        GatewayClient client = connected(gw);
        DeviceId sub = loggedInSub(client);
        CompletableFuture<ShadowState> heard = new CompletableFuture<>();
        client.shadow().onControl(heard::complete);

        cloud().updateShadow(sub, AlinkJson.parse("{\"state\":{\"desired\":{\"color\":\"green\"}},\"version\":4}"));
        ShadowState control = await(heard);
        long cleared = await(client.shadow().clearDesired(sub, 5));

        assertThat(control.device()).isEqualTo(sub);
        assertThat(control.desired()).isEqualTo(AlinkJson.parse("{\"color\":\"green\"}"));
        assertThat(control.version()).isEqualTo(4);
        assertThat(cleared).isEqualTo(5);
        assertThat(cloud().shadow(sub).at("/state/desired")).isEqualTo(AlinkJson.object());
    }

    @Test
    void givenAPushListener_whenTheProductsConfigChanges_thenThePushIsHeardAndTheDownloadMatchesTheSign() {
        DeviceIdentity gw = emulator.newGateway();
        GatewayClient client = connected(gw);
        CompletableFuture<ConfigPush> heard = new CompletableFuture<>();
        client.remoteConfig().onPush(heard::complete);
        byte[] file = "interval: 30\n".getBytes(StandardCharsets.UTF_8);

        cloud().putConfig(gw.productKey(), file);
        ConfigPush push = await(heard);
        Optional<ConfigFile> described = await(client.remoteConfig().get(gw.id()));
        byte[] downloaded = await(client.remoteConfig().download(described.orElseThrow()));
        ConfigFile forged = new ConfigFile(push.file().configId(), push.file().configSize(), "file",
                "00".repeat(32), ConfigFile.SHA256, push.file().url());
        ConfigDownloadException mismatch = failure(client.remoteConfig().download(forged),
                ConfigDownloadException.class);

        assertThat(push.device()).isEqualTo(gw.id());
        assertThat(push.file().configId()).isEqualTo(described.orElseThrow().configId());
        assertThat(downloaded).isEqualTo(file);
        assertThat(mismatch).hasMessageContaining("sign");
    }

    @Test
    void givenAConfigFileOnPlainHttpOffLoopback_whenDownloaded_thenItIsRefusedBeforeAnyConnection() {
        GatewayClient client = connected(emulator.newGateway());
        ConfigFile elsewhere = new ConfigFile("c1", 13, "file", "00".repeat(32), ConfigFile.SHA256,
                "http://config.example.com/c1.json");

        assertThatThrownBy(() -> client.remoteConfig().download(elsewhere))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("configuration file URL must be https");
    }

    @Test
    void givenAProductWithoutConfig_whenTheSubDeviceAsks_thenTheAnswerIsEmpty() {
        DeviceIdentity gw = emulator.newGateway();
        GatewayClient client = connected(gw);
        DeviceId sub = loggedInSub(client);

        Optional<ConfigFile> none = await(client.remoteConfig().get(sub));

        assertThat(none).isEmpty();
    }
}
