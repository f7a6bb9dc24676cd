package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.Futures.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.gateway.outbox.DeadLetter;
import io.alink.gateway.outbox.Outbox;
import io.alink.gateway.outbox.OutboxLimits;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message the platform answers by closing the connection: here one bigger than the broker's packet limit, small
 * enough for the library's own limit. It must end in the dead letters without taking any other message with it.
 */
class PoisonMessageTest {

    /** The broker closes the connection of a device that sends a bigger packet. */
    private static final int BROKER_MAX_PACKET_BYTES = 16 * 1024;
    private static final Map<String, Object> POISON = Map.of("blob", "x".repeat(32 * 1024));
    private static final int EACH = 20;

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.of(
            TestPlatform.products().maxPacketBytes(BROKER_MAX_PACKET_BYTES));

    @TempDir
    Path store;

    private GatewayClient client(DeviceIdentity gateway) {
        return TestPlatform.client(emulator, TestPlatform.config(emulator, gateway, store)
                .outbox(OutboxLimits.DEFAULT).reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(200)));
    }

    @Test
    void givenAPoisonAmongOtherDevicesMessages_whenSent_thenItEndsInTheDeadLettersAndAllOthersArriveInOrder() {
        DeviceIdentity gatewayDevice = emulator.newGateway();
        List<SubDeviceCredentials> subs = TestPlatform.credentials(emulator.newSubDevices(2));
        DeviceId gateway = gatewayDevice.id();
        DeviceId poisoned = subs.get(0).device();
        DeviceId other = subs.get(1).device();
        GatewayClient client = client(gatewayDevice);
        await(client.connect());
        await(client.addTopo(subs));
        await(client.login(subs));

        enqueueNumbered(client, poisoned, 0, EACH / 2);
        enqueueNumbered(client, other, 0, EACH / 2);
        long poison = await(client.enqueueProperties(poisoned, POISON));
        enqueueNumbered(client, gateway, 0, EACH);
        enqueueNumbered(client, poisoned, EACH / 2, EACH);
        enqueueNumbered(client, other, EACH / 2, EACH);

        await().atMost(60, TimeUnit.SECONDS).until(() -> client.outboxStats().queuedMessages() == 0);
        List<DeadLetter> dead = await(client.deadLetters());
        assertThat(dead).singleElement().satisfies(letter -> {
            assertThat(letter.seq()).isEqualTo(poison);
            assertThat(letter.device()).isEqualTo(poisoned);
            assertThat(letter.topic()).isEqualTo(AlinkTopic.of(TopicKind.PROPERTY_POST, poisoned).topic());
            assertThat(letter.attempts()).isEqualTo(Outbox.MAX_ATTEMPTS);
            assertThat(letter.reason()).contains("connection was lost");
        });
        assertThat(client.outboxStats().deadLetters()).isEqualTo(1);
        assertThat(client.reconnects()).as("the broker closed the connection at each send").isGreaterThanOrEqualTo(5);
        for (DeviceId device : List.of(poisoned, other, gateway)) {
            assertThat(TestPlatform.firstArrivals(emulator, device, "n")).as(device.toString()).containsExactlyElementsOf(range());
        }
    }

    @Test
    void givenADeadLetter_whenRequeued_thenItIsSentAgainAndGivenUpAgainAndOnceRemovedItIsGone() {
        DeviceIdentity gatewayDevice = emulator.newGateway();
        DeviceId gateway = gatewayDevice.id();
        GatewayClient client = client(gatewayDevice);
        await(client.connect());
        long poison = await(client.enqueueProperties(gateway, POISON));
        await().atMost(60, TimeUnit.SECONDS).until(() -> client.outboxStats().deadLetters() == 1);

        long requeued = await(client.requeueDeadLetter(poison));

        assertThat(requeued).isGreaterThan(poison);
        failure(client.requeueDeadLetter(poison), NoSuchDeadLetterException.class);
        await().atMost(60, TimeUnit.SECONDS).until(() -> await(client.deadLetters()).stream()
                .anyMatch(letter -> letter.seq() == requeued && letter.attempts() == Outbox.MAX_ATTEMPTS));
        enqueueNumbered(client, gateway, 0, EACH);
        await().atMost(30, TimeUnit.SECONDS).until(() -> client.outboxStats().queuedMessages() == 0);
        assertThat(TestPlatform.firstArrivals(emulator, gateway, "n")).containsExactlyElementsOf(range());

        await(client.removeDeadLetter(requeued));

        assertThat(await(client.deadLetters())).isEmpty();
        assertThat(client.outboxStats().deadLetters()).isZero();
        failure(client.removeDeadLetter(requeued), NoSuchDeadLetterException.class);
    }

    private static void enqueueNumbered(GatewayClient client, DeviceId device, int from, int to) {
        List<CompletableFuture<Long>> accepted = IntStream.range(from, to)
                .mapToObj(n -> client.enqueueProperties(device, Map.of("n", n))).toList();
        accepted.forEach(Futures::await);
    }

    private static List<Integer> range() {
        return IntStream.range(0, EACH).boxed().toList();
    }
}
