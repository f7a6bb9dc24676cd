package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.TestPlatform.config;
import static io.alink.gateway.TestPlatform.credentials;
import static io.alink.gateway.TestPlatform.firstArrivals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.gateway.outbox.OutboxLimits;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.DeviceId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The outbox as a library user sees it: enqueue, and the messages reach the platform in order, whatever happens. */
class GatewayOutboxTest {

    @RegisterExtension
    static final EmulatorExtension emulator = TestPlatform.emulator();

    @TempDir
    Path store;

    private GatewayClient client(GatewayConfig.Builder config) {
        return TestPlatform.client(emulator, config);
    }

    @Test
    void givenAnAcceptedMessage_whenItsFutureCompletes_thenItIsAlreadyInTheJournalOnDisk() throws Exception {
        DeviceIdentity gateway = emulator.newGateway();
        // never connected: nothing is sent, so the journal holds what was accepted
        GatewayClient client = client(config(emulator, gateway, store).outbox(OutboxLimits.DEFAULT));

        long seq = await(client.enqueueProperties(gateway.id(), Map.of("temperature", 20)));

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + store.resolve("outbox.db"));
             PreparedStatement query = db.prepareStatement("SELECT topic, payload FROM outbox WHERE seq = ?")) {
            query.setLong(1, seq);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).endsWith("/thing/event/property/post");
                assertThat(AlinkRequest.parse(row.getBytes(2)).params().get("temperature").asInt()).isEqualTo(20);
            }
        }
        OutboxStats stats = client.outboxStats();
        assertThat(stats.queuedMessages()).isEqualTo(1);
        assertThat(stats.queuedBytes()).isPositive();
        assertThat(stats.sentMessages()).isZero();
    }

    @Test
    void givenMessagesOfTheGatewayAndOfASubDeviceNotYetLoggedIn_whenConnected_thenEachGoesOnceItsDeviceCanSend() {
        DeviceIdentity gateway = emulator.newGateway();
        List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(1));
        DeviceId sub = subs.get(0).device();
        GatewayClient client = client(config(emulator, gateway, store).outbox(OutboxLimits.DEFAULT));
        enqueueNumbered(client, gateway.id(), 0, 20);
        enqueueNumbered(client, sub, 0, 20);

        await(client.connect());
        await().atMost(30, TimeUnit.SECONDS).until(() -> emulator.propertyPosts(gateway.id()).size() == 20);
        assertThat(emulator.propertyPosts(sub)).as("not logged in yet").isEmpty();
        await(client.addTopo(subs));
        await(client.login(subs));

        await().atMost(30, TimeUnit.SECONDS).until(() -> client.outboxStats().queuedMessages() == 0);
        assertThat(firstArrivals(emulator, gateway.id(), "n")).containsExactlyElementsOf(range(0, 20));
        assertThat(firstArrivals(emulator, sub, "n")).containsExactlyElementsOf(range(0, 20));
        assertThat(client.outboxStats().sentMessages()).isEqualTo(40);
    }

    @Test
    void givenAnOutage_whenMessagesPiledUpForSeveralDevices_thenEachDevicesBacklogArrivesInOrderBeforeItsNewerOnes()
            throws Exception {
        try (SilencingProxy proxy = new SilencingProxy(emulator.mqttPort())) {
            DeviceIdentity gateway = emulator.newGateway();
            List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(2));
            List<DeviceId> devices = List.of(gateway.id(), subs.get(0).device(), subs.get(1).device());
            GatewayClient client = client(config(emulator, gateway, store)
                    .endpoint("127.0.0.1", proxy.port(), false)
                    .reconnectDelay(Duration.ofMillis(100), Duration.ofMillis(300))
                    .outbox(OutboxLimits.DEFAULT));
            await(client.connect());
            await(client.addTopo(subs));
            await(client.login(subs));

            proxy.cut();
            await().atMost(30, TimeUnit.SECONDS).until(() -> !client.isConnected());
            for (int n = 0; n < 100; n++) {
                for (DeviceId device : devices) {
                    await(client.enqueueProperties(device, Map.of("n", n)));
                }
            }
            assertThat(client.outboxStats().queuedMessages()).isEqualTo(300);
            proxy.heal();
            await().atMost(30, TimeUnit.SECONDS).until(() -> client.reconnects() == 1);
            for (DeviceId device : devices) {
                enqueueNumbered(client, device, 100, 150);
            }

            await().atMost(30, TimeUnit.SECONDS).until(() -> client.outboxStats().queuedMessages() == 0);
            for (DeviceId device : devices) {
                assertThat(firstArrivals(emulator, device, "n")).as("first arrival of each message of %s", device)
                        .containsExactlyElementsOf(range(0, 150));
            }
            assertThat(client.outboxStats().droppedMessages()).isZero();
        }
    }

    @Test
    void givenNoOutbox_whenEnqueueing_thenItIsAStateErrorAndTheStatsAreZero() {
        DeviceIdentity gateway = emulator.newGateway();
        GatewayClient client = client(config(emulator, gateway, store));

        assertThatThrownBy(() -> client.enqueueProperties(gateway.id(), Map.of("x", 1)))
                .isInstanceOf(ClientStateException.class);
        assertThat(client.outboxStats()).isEqualTo(new OutboxStats(0, 0, 0, 0, 0));
    }

    @Test
    void givenBadInput_whenEnqueueing_thenItIsRefusedBeforeAnythingIsJournaled() {
        DeviceIdentity gateway = emulator.newGateway();
        DeviceId other = DeviceId.of("a1Other001", "dev");
        GatewayClient client = client(config(emulator, gateway, store).outbox(OutboxLimits.DEFAULT));
        String ownTopic = "/" + gateway.id().productKey() + "/" + gateway.id().deviceName() + "/user/up";

        assertThatThrownBy(() -> client.enqueue(null, ownTopic, new byte[1]))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client.enqueue(other, ownTopic, new byte[1]))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("namespace");
        assertThatThrownBy(() -> client.enqueue(gateway.id(), ownTopic + "/#", new byte[1]))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client.enqueue(gateway.id(), ownTopic, new byte[Validation.MAX_PAYLOAD_BYTES + 1]))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client.enqueueEvent(gateway.id(), "a/b", Map.of()))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client.enqueueProperties(gateway.id(), (Map<String, Object>) null))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(client.outboxStats().queuedMessages()).isZero();
    }

    @Test
    void givenIdentifiersThatCannotStandInATopic_whenEnqueueing_thenTheFieldIsNamedAndNothingIsJournaled() {
        DeviceIdentity gateway = emulator.newGateway();
        GatewayClient client = client(config(emulator, gateway, store).outbox(OutboxLimits.DEFAULT));
        String prefix = "/sys/" + gateway.id().productKey() + "/" + gateway.id().deviceName() + "/thing/event/";

        assertThatThrownBy(() -> client.enqueueEvent(gateway.id(), "a\nb", Map.of("level", 1)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("eventId has the control character U+000A at position 2");
        assertThatThrownBy(() -> client.enqueueEvent(gateway.id(), "\u0000", Map.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("eventId has the control character");
        assertThatThrownBy(() -> client.enqueueEvent(gateway.id(), "e".repeat(51), Map.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessage("eventId is longer than 50 characters (51)");
        assertThatThrownBy(() -> client.enqueueEvent(gateway.id(), "a\uD800", Map.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("lone UTF-16 surrogate");
        assertThatThrownBy(() -> client.enqueue(gateway.id(), prefix + "a\u007Fb/post", new byte[1]))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("topic: level 6 has the control character U+007F at position 2");
        assertThatThrownBy(() -> client.enqueue(gateway.id(), prefix + "a.b/post", new byte[1]))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("topic: eventId has '.'");
        assertThat(client.outboxStats().queuedMessages()).isZero();
    }

    @Test
    void givenAnEvent_whenEnqueued_thenItIsPostedWithValueAndTime() {
        DeviceIdentity gateway = emulator.newGateway();
        GatewayClient client = client(config(emulator, gateway, store).outbox(OutboxLimits.DEFAULT));
        await(client.connect());

        await(client.enqueueEvent(gateway.id(), "alarm", Map.of("level", 3)));

        AlinkRequest event = postedAlarm(gateway);
        assertThat(event.method()).isEqualTo("thing.event.alarm.post");
        assertThat(event.params().get("value").get("level").asInt()).isEqualTo(3);
        assertThat(event.params().get("time").asLong()).isPositive();
    }

    @Test
    void givenAnEventWithItsOwnTime_whenEnqueued_thenItIsPostedWithThatTime() {
        DeviceIdentity gateway = emulator.newGateway();
        GatewayClient client = client(config(emulator, gateway, store).outbox(OutboxLimits.DEFAULT));
        await(client.connect());
        long happened = 1_700_000_000_123L;

        await(client.enqueueEvent(gateway.id(), "alarm", Map.of("level", 4), happened));

        AlinkRequest event = postedAlarm(gateway);
        assertThat(event.params().get("time").asLong()).isEqualTo(happened);
        assertThat(event.params().get("value").get("level").asInt()).isEqualTo(4);
    }

    /** The gateway's alarm event as the platform received it, once it did. */
    private static AlinkRequest postedAlarm(DeviceIdentity gateway) {
        String topic = "/sys/" + gateway.id().productKey() + "/" + gateway.id().deviceName() + "/thing/event/alarm/post";
        await().atMost(30, TimeUnit.SECONDS).until(() -> emulator.admin().messages(gateway.id(), 100).stream()
                .anyMatch(m -> m.topic().equals(topic)));
        return AlinkRequest.parse(emulator.admin().messages(gateway.id(), 100).stream()
                .filter(m -> m.topic().equals(topic)).findFirst().orElseThrow().payload());
    }

    private static void enqueueNumbered(GatewayClient client, DeviceId device, int from, int to) {
        List<CompletableFuture<Long>> accepted = IntStream.range(from, to)
                .mapToObj(n -> client.enqueueProperties(device, Map.of("n", n))).toList();
        accepted.forEach(Futures::await);
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }
}
