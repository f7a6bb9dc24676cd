package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.Futures.failure;
import static io.alink.gateway.TestPlatform.config;
import static io.alink.gateway.TestPlatform.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.alink.emulator.MessageRecord;
import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.gateway.outbox.OutboxLimits;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.HistoryPost;
import io.alink.protocol.PackPost;
import io.alink.protocol.ReplyCode;
import io.alink.protocol.TimedValue;
import io.alink.protocol.TopicKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** pack/post and history/post through the client, typed and through the outbox, against the emulator. */
class PackPostTest {

    @RegisterExtension
    static final EmulatorExtension emulator = TestPlatform.emulator();
    private static final long HOUR = 3_600_000;

    @TempDir
    Path store;

    private record Connected(GatewayClient client, DeviceId gateway, List<DeviceId> subs) {
    }

    /** A connected client with {@code subDevices} new sub-devices in its topology, the first {@code loggedIn} logged in. */
    private Connected connected(GatewayConfig.Builder extra, DeviceIdentity gateway, int subDevices, int loggedIn) {
        GatewayClient client = TestPlatform.client(emulator, extra);
        List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(subDevices));
        await(client.connect());
        await(client.addTopo(subs));
        if (loggedIn > 0) {
            await(client.login(subs.subList(0, loggedIn)));
        }
        return new Connected(client, gateway.id(), subs.stream().map(SubDeviceCredentials::device).toList());
    }

    private Connected connected(int subDevices, int loggedIn) {
        DeviceIdentity gateway = emulator.newGateway();
        return connected(config(emulator, gateway, store), gateway, subDevices, loggedIn);
    }

    @Test
    void givenLoggedInSubDevices_whenAPackIsPosted_thenThePlatformAcceptsItAndHoldsEveryValueWithItsTime() {
        Connected gw = connected(2, 2);
        long now = System.currentTimeMillis();

        await(gw.client().postPack(PackPost.builder().property("Uptime", 3, now - 1)
                .properties(gw.subs().get(0), Map.of("Temperature", 21.5), now - 2)
                .property(gw.subs().get(1), "Count", 9, now).build()));

        assertThat(emulator.admin().properties(gw.subs().get(0))).containsExactly(Map.entry("Temperature",
                TimedValue.of(21.5, now - 2)));
        assertThat(emulator.admin().properties(gw.subs().get(1))).containsExactly(Map.entry("Count",
                TimedValue.of(9, now)));
        assertThat(emulator.admin().properties(gw.gateway())).containsEntry("Uptime", TimedValue.of(3, now - 1));
    }

    @Test
    void givenAPackOverALimitOrForASubDeviceNotLoggedIn_whenPosted_thenItIsRefusedBeforeAnythingIsSent() {
        Connected gw = connected(2, 1);
        DeviceId sub = gw.subs().get(0);
        long now = System.currentTimeMillis();
        PackPost.Builder subs = PackPost.builder();
        IntStream.range(0, 21).forEach(i -> subs.property(DeviceId.of(TestPlatform.SUB_PK, "x" + i), "T", 1, now));
        PackPost.Builder properties = PackPost.builder();
        IntStream.range(0, 201).forEach(i -> properties.property(sub, "p" + i, i, now));
        PackPost.Builder events = PackPost.builder();
        IntStream.range(0, 21).forEach(i -> events.event(sub, "e" + i, Map.of(), now));
        int before = emulator.messagesFrom(gw.gateway());

        assertThatThrownBy(() -> gw.client().postPack(subs.build())).isInstanceOf(InvalidRequestException.class)
                .hasMessage("pack/post: 21 sub-devices in one message; at most 20");
        assertThatThrownBy(() -> gw.client().postPack(properties.build()))
                .hasMessage("pack/post: 201 properties in one message; at most 200");
        assertThatThrownBy(() -> gw.client().postPack(events.build()))
                .hasMessage("pack/post: 21 events in one message; at most 20");
        assertThatThrownBy(() -> gw.client().postPack(PackPost.builder().build()))
                .hasMessageContaining("holds no value");
        assertThatThrownBy(() -> gw.client().postPack(PackPost.builder()
                .property(sub, "T", 1, now + 25 * HOUR).build())).hasMessageContaining("more than 24 h ahead");
        assertThatThrownBy(() -> gw.client().postPack(PackPost.builder().property(gw.subs().get(1), "T", 1, now)
                .build())).isInstanceOf(InvalidRequestException.class).hasMessageContaining("nor logged in");
        HistoryPost.Builder history = HistoryPost.builder();
        IntStream.range(0, 201).forEach(i -> history.property(sub, "T", i, now - i));
        assertThatThrownBy(() -> gw.client().postHistory(history.build()))
                .hasMessage("history/post: 201 properties in one message; at most 200");
        assertThat(emulator.messagesFrom(gw.gateway())).isEqualTo(before);
    }

    @Test
    void givenHistory_whenPosted_thenTheValuesArriveWithTheirOriginalTimesAndARefusalIsTyped() {
        Connected gw = connected(1, 0);
        DeviceId sub = gw.subs().get(0);
        DeviceId stranger = emulator.newSubDevice().id();
        long then = System.currentTimeMillis() - HOUR;

        await(gw.client().postHistory(HistoryPost.builder().property(sub, "Temperature", 20.0, then)
                .property(sub, "Temperature", 20.5, then + 1000).build()));
        AlinkReplyException refused = failure(gw.client().postHistory(HistoryPost.builder()
                .property(stranger, "Temperature", 1, then).build()), AlinkReplyException.class);

        assertThat(emulator.admin().propertyValues(sub, "Temperature")).containsExactly(
                TimedValue.of(20.0, then), TimedValue.of(20.5, then + 1000));
        assertThat(refused.code()).isEqualTo(ReplyCode.TOPO_RELATION_NOT_EXIST);
    }

    @Test
    void givenAFreshJournaledPackOfOnlineSubDevices_whenSent_thenItGoesAsPackPost() {
        DeviceIdentity gateway = emulator.newGateway();
        Connected gw = connected(config(emulator, gateway, store).outbox(OutboxLimits.DEFAULT), gateway, 1, 1);
        long read = System.currentTimeMillis();

        await(gw.client().enqueuePack(PackPost.builder().property("Uptime", 8, read)
                .property(gw.subs().get(0), "Count", 1, read).build()));

        await().atMost(30, TimeUnit.SECONDS).until(() -> gw.client().outboxStats().queuedMessages() == 0);
        assertThat(topics(gw.gateway())).contains(topic(TopicKind.PROPERTY_PACK_POST, gw.gateway()))
                .doesNotContain(topic(TopicKind.PROPERTY_HISTORY_POST, gw.gateway()));
        assertThat(emulator.admin().properties(gw.subs().get(0))).containsEntry("Count", TimedValue.of(1, read));
    }

    @Test
    void givenAJournaledPackOlderThanTheHistoryAge_whenSent_thenItGoesAsHistoryPostWithTheReadTimes() {
        DeviceIdentity gateway = emulator.newGateway();
        GatewayClient client = TestPlatform.client(emulator, config(emulator, gateway, store)
                .outbox(OutboxLimits.DEFAULT).historyAfter(Duration.ofMillis(200)));
        long read = System.currentTimeMillis() - 5000;
        // journaled while never connected, as during an outage; the gateway's own values wait for no sub-device
        await(client.enqueuePack(PackPost.builder().property("Temperature", 19.5, read).build()));
        await().pollDelay(Duration.ofMillis(300)).atMost(5, TimeUnit.SECONDS).until(() -> true);

        await(client.connect());

        await().atMost(30, TimeUnit.SECONDS).until(() -> client.outboxStats().queuedMessages() == 0);
        MessageRecord sent = emulator.admin().messages(gateway.id(), 100).stream()
                .filter(m -> m.topic().equals(topic(TopicKind.PROPERTY_HISTORY_POST, gateway.id()))).findFirst()
                .orElseThrow();
        assertThat(AlinkRequest.parse(sent.payload()).ack()).as("journaled without a reply wanted").isZero();
        assertThat(topics(gateway.id())).doesNotContain(topic(TopicKind.PROPERTY_PACK_POST, gateway.id()));
        assertThat(emulator.admin().properties(gateway.id())).containsExactly(Map.entry("Temperature",
                TimedValue.of(19.5, read)));
    }

    @Test
    void givenAJournaledPropertyPostOlderThanTheHistoryAge_whenItsDeviceLogsIn_thenItGoesAsHistoryWithItsTimes() {
        DeviceIdentity gateway = emulator.newGateway();
        List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(1));
        DeviceId sub = subs.get(0).device();
        GatewayClient client = TestPlatform.client(emulator, config(emulator, gateway, store)
                .outbox(OutboxLimits.DEFAULT).historyAfter(Duration.ofMillis(200)));
        long read = System.currentTimeMillis() - 5000;
        long journaling = System.currentTimeMillis();
        await(client.enqueueProperties(sub, Map.of("Timed", Map.of("value", 1, "time", read), "Plain", 2)));
        long journaled = System.currentTimeMillis();
        await().pollDelay(Duration.ofMillis(300)).atMost(5, TimeUnit.SECONDS).until(() -> true);

        await(client.connect());
        await(client.addTopo(subs));
        await(client.login(subs));

        await().atMost(30, TimeUnit.SECONDS).until(() -> client.outboxStats().queuedMessages() == 0);
        assertThat(topics(gateway.id())).contains(topic(TopicKind.PROPERTY_HISTORY_POST, gateway.id()));
        assertThat(emulator.propertyPosts(sub)).isEmpty();
        Map<String, TimedValue> stored = emulator.admin().properties(sub);
        assertThat(stored.get("Timed")).isEqualTo(TimedValue.of(1, read));
        assertThat(stored.get("Plain").time()).as("the time it was journaled").isBetween(journaling, journaled);
    }

    @Test
    void givenAFreshJournaledPackOfASubDeviceNotLoggedIn_whenSent_thenItGoesAsHistoryRatherThanWaiting() {
        DeviceIdentity gateway = emulator.newGateway();
        Connected gw = connected(config(emulator, gateway, store).outbox(OutboxLimits.DEFAULT), gateway, 1, 0);
        long read = System.currentTimeMillis();

        await(gw.client().enqueuePack(PackPost.builder().property(gw.subs().get(0), "Count", 4, read).build()));

        await().atMost(30, TimeUnit.SECONDS).until(() -> gw.client().outboxStats().queuedMessages() == 0);
        assertThat(topics(gw.gateway())).contains(topic(TopicKind.PROPERTY_HISTORY_POST, gw.gateway()));
        assertThat(emulator.admin().properties(gw.subs().get(0))).containsEntry("Count", TimedValue.of(4, read));
    }

    @Test
    void givenAHistoryAgeThatIsNotPositive_whenTheConfigIsBuilt_thenItIsRefused() {
        DeviceIdentity gateway = emulator.newGateway();

        assertThatThrownBy(() -> config(emulator, gateway, store).historyAfter(Duration.ZERO).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("historyAfter must be positive");
        assertThat(config(emulator, gateway, store).build().historyAfter())
                .isEqualTo(GatewayConfig.DEFAULT_HISTORY_AFTER);
    }

    private static List<String> topics(DeviceId device) {
        return emulator.admin().messages(device, 1000).stream().map(MessageRecord::topic).toList();
    }

    private static String topic(TopicKind kind, DeviceId device) {
        return AlinkTopic.of(kind, device).topic();
    }
}
