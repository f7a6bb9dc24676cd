package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.TestPlatform.config;
import static io.alink.gateway.TestPlatform.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.MessageRecord;
import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.gateway.outbox.OutboxLimits;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkReply;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.TopicKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Sub-device sessions the platform ends on its side: a 520, a topo/change, a refused login after a reconnection. */
class SubDeviceSessionTest {

    @RegisterExtension
    static final EmulatorExtension emulator = TestPlatform.emulator();

    @TempDir
    Path store;

    /** What the sub-device listener heard, as text. */
    private final List<String> heard = new CopyOnWriteArrayList<>();

    private GatewayClient connected(GatewayConfig.Builder config, List<SubDeviceCredentials> subs) {
        GatewayClient client = TestPlatform.client(emulator, config);
        client.addSubDeviceListener(new SubDeviceListener() {
            @Override
            public void refused(DeviceId sub, int code, String message) {
                heard.add("refused " + sub + " " + code);
            }

            @Override
            public void removed(DeviceId sub, int topoChangeStatus) {
                heard.add("removed " + sub + " " + topoChangeStatus);
            }
        });
        await(client.connect());
        await(client.addTopo(subs));
        await(client.login(subs));
        return client;
    }

    /**
     * Ends {@code sub}'s session on the platform without the client knowing: a raw batch logout on the gateway's
     * connection, whose reply the client does not wait for. The platform sends no topo/change for a logout.
     */
    private static void endSessionBehindTheClientsBack(GatewayClient client, DeviceId sub) {
        ObjectNode entry = AlinkJson.object().put("productKey", sub.productKey()).put("deviceName", sub.deviceName());
        AlinkRequest logout = AlinkRequest.of("4000000000", null, AlinkJson.nodes().arrayNode().add(entry));
        await(client.publish(AlinkTopic.of(TopicKind.BATCH_LOGOUT, client.gatewayId()).topic(), logout.toBytes(), 0));
        await().atMost(30, TimeUnit.SECONDS).until(() -> !emulator.online(sub));
        assertThat(client.loggedIn()).contains(sub);
    }

    @Test
    void givenThePlatformDroppedASubDeviceSession_whenPostingForIt_thenThe520BringsALoginAndOneResend() {
        DeviceIdentity gateway = emulator.newGateway();
        List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(1));
        DeviceId sub = subs.get(0).device();
        GatewayClient client = connected(config(emulator, gateway, store), subs);
        endSessionBehindTheClientsBack(client, sub);

        assertThat(await(client.postProperties(sub, Map.of("temperature", 21)))).isNotNull();

        List<AlinkRequest> posts = emulator.propertyPosts(sub);
        assertThat(posts).hasSize(2);
        assertThat(posts.get(1)).isEqualTo(posts.get(0));
        assertThat(emulator.online(sub)).isTrue();
        assertThat(heard).isEmpty();
    }

    @Test
    void givenThePlatformDroppedASubDeviceSession_whenItsOutboxMessageIsRefused_thenItIsSentOnceMoreAfterALogin() {
        DeviceIdentity gateway = emulator.newGateway();
        List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(1));
        DeviceId sub = subs.get(0).device();
        GatewayClient client = connected(config(emulator, gateway, store).outbox(OutboxLimits.DEFAULT), subs);
        endSessionBehindTheClientsBack(client, sub);

        await(client.enqueueProperties(sub, Map.of("temperature", 22)));

        await().atMost(30, TimeUnit.SECONDS).until(() -> emulator.propertyPosts(sub).size() == 2
                && emulator.online(sub));
        List<AlinkRequest> posts = emulator.propertyPosts(sub);
        assertThat(posts.get(1)).isEqualTo(posts.get(0));
        assertThat(posts.get(0).wantsReply()).as("outbox posts ask for no reply").isFalse();
        await().atMost(30, TimeUnit.SECONDS).until(() -> client.outboxStats().queuedMessages() == 0);
    }

    @Test
    void givenLoggedInSubDevices_whenTheCloudDisablesOneAndDeletesAnother_thenTheApplicationIsToldAndBothAreLoggedOut() {
        DeviceIdentity gateway = emulator.newGateway();
        List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(3));
        DeviceId disabled = subs.get(0).device();
        DeviceId deleted = subs.get(1).device();
        DeviceId kept = subs.get(2).device();
        GatewayClient client = connected(config(emulator, gateway, store), subs);

        emulator.admin().setEnabled(disabled, false);
        emulator.admin().deleteTopo(gateway.id(), deleted);

        await().atMost(30, TimeUnit.SECONDS).until(() -> heard.size() == 2);
        // two topo/change messages sent one after the other, each on its own: the platform promises no order
        assertThat(heard).containsExactlyInAnyOrder("removed " + disabled + " 8", "removed " + deleted + " 1");
        assertThat(client.loggedIn()).containsExactly(kept);
        assertThatThrownBy(() -> client.postProperties(disabled, Map.of("x", 1)))
                .isInstanceOf(InvalidRequestException.class);
        await().atMost(30, TimeUnit.SECONDS).until(() -> topoChangeReplies(gateway.id()).size() == 2);
        assertThat(topoChangeReplies(gateway.id())).allMatch(reply -> reply.code() == ReplyCode.SUCCESS);
    }

    @Test
    void givenASubDeviceDisabledWhileTheGatewayWasAway_whenReconnecting_thenTheRefusalIsReportedOnceAndNotRetried()
            throws Exception {
        try (SilencingProxy proxy = new SilencingProxy(emulator.mqttPort())) {
            DeviceIdentity gateway = emulator.newGateway();
            List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(2));
            DeviceId refusedSub = subs.get(0).device();
            DeviceId goodSub = subs.get(1).device();
            GatewayClient client = connected(config(emulator, gateway, store)
                    .endpoint("127.0.0.1", proxy.port(), false)
                    .reconnectDelay(Duration.ofMillis(100), Duration.ofMillis(300)), subs);

            proxy.cut();
            await().atMost(30, TimeUnit.SECONDS).until(() -> !emulator.online(gateway.id()));
            // the gateway is away: the topo/change this sends reaches nobody
            emulator.admin().setEnabled(refusedSub, false);
            proxy.heal();

            await().atMost(30, TimeUnit.SECONDS).until(() -> client.reconnects() == 1 && emulator.online(goodSub));
            await().atMost(30, TimeUnit.SECONDS).until(() -> !heard.isEmpty());
            assertThat(heard).containsExactly("refused " + refusedSub + " " + ReplyCode.DEVICE_DISABLED);
            assertThat(client.loggedIn()).containsExactly(goodSub);

            proxy.cut();
            await().atMost(30, TimeUnit.SECONDS).until(() -> !emulator.online(goodSub));
            proxy.heal();
            await().atMost(30, TimeUnit.SECONDS).until(() -> client.reconnects() == 2 && emulator.online(goodSub));

            assertThat(heard).hasSize(1);
            assertThat(loginsNaming(gateway.id(), refusedSub)).as("the first login and one attempt after it").isEqualTo(2);
            assertThat(loginsNaming(gateway.id(), goodSub)).isEqualTo(4);
        }
    }

    private static List<AlinkReply> topoChangeReplies(DeviceId gateway) {
        String topic = AlinkTopic.of(TopicKind.TOPO_CHANGE, gateway).replyTopic().topic();
        return emulator.admin().messages(gateway, 10_000).stream().filter(m -> m.topic().equals(topic))
                .map(m -> AlinkReply.parse(m.payload())).toList();
    }

    private static long loginsNaming(DeviceId gateway, DeviceId sub) {
        String topic = AlinkTopic.of(TopicKind.BATCH_LOGIN, gateway).topic();
        return emulator.admin().messages(gateway, 10_000).stream().filter(m -> m.topic().equals(topic))
                .map(MessageRecord::payload).map(p -> new String(p, StandardCharsets.UTF_8))
                .filter(json -> json.contains("\"deviceName\":\"" + sub.deviceName() + "\"")).count();
    }
}
