package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.TestPlatform.config;
import static io.alink.gateway.TestPlatform.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.gateway.outbox.OutboxLimits;
import io.alink.protocol.DeviceId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Staying connected: the platform goes away and comes back, again and again. */
class ReconnectionTest {

    private static final Duration FAST_MIN = Duration.ofMillis(100);
    private static final Duration FAST_MAX = Duration.ofMillis(500);
    private static final int CYCLES = 2;

    @TempDir
    Path store;

    /** Each test its own emulator: they stop it. */
    @RegisterExtension
    final EmulatorExtension emulator = TestPlatform.emulator();

    @Test
    void givenSubDevicesAndSubscriptions_whenThePlatformRestartsRepeatedly_thenEachTimeAllIsRestoredAndListenersHearIt()
            throws Exception {
        DeviceIdentity gatewayDevice = emulator.newGateway();
        List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(3));
        DeviceId gateway = gatewayDevice.id();
        DeviceId sub = subs.get(0).device();
        GatewayClient client = GatewayClient.create(config(emulator, gatewayDevice, store)
                .reconnectDelay(FAST_MIN, FAST_MAX).outbox(OutboxLimits.DEFAULT).build());
        List<String> transitions = new CopyOnWriteArrayList<>();
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void connected(boolean reconnect) {
                transitions.add(reconnect ? "reconnected" : "connected");
            }

            @Override
            public void disconnected(Throwable cause) {
                transitions.add("disconnected");
            }
        });
        BlockingQueue<String> echoes = new LinkedBlockingQueue<>();
        String gatewayTopic = "/" + gateway.productKey() + "/" + gateway.deviceName() + "/user/echo";
        String subTopic = "/" + sub.productKey() + "/" + sub.deviceName() + "/user/echo";
        try {
            await(client.connect());
            await(client.addTopo(subs));
            await(client.login(subs));
            await(client.subscribe(gatewayTopic, 1, message -> echoes.add(message.payloadAsString())));
            await(client.subscribe(subTopic, 0, message -> echoes.add(message.payloadAsString())));
            List<String> expected = new ArrayList<>(List.of("connected"));

            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                emulator.stop();
                await().atMost(30, TimeUnit.SECONDS).until(() -> !client.isConnected());
                // sent while the platform is away: the outbox goes only after logins and subscriptions are back
                await(client.enqueueProperties(gateway, Map.of("cycle", cycle)));
                emulator.restart();
                int expectedPosts = cycle;
                await().atMost(30, TimeUnit.SECONDS)
                        .until(() -> emulator.propertyPosts(gateway).size() == expectedPosts);

                assertThat(client.reconnects()).isEqualTo(cycle);
                assertThat(subs).allMatch(s -> emulator.online(s.device()));
                assertThat(client.loggedIn()).hasSize(subs.size());
                expected.addAll(List.of("disconnected", "reconnected"));
                // listeners hear it on the callback thread, which may run after the outbox went
                await().atMost(30, TimeUnit.SECONDS)
                        .untilAsserted(() -> assertThat(transitions).containsExactlyElementsOf(expected));
                echoes.clear();
                await(client.publish(gatewayTopic, bytes("gateway " + cycle), 1));
                await(client.publish(subTopic, bytes("sub " + cycle), 0));
                assertThat(List.of(echoes.poll(30, TimeUnit.SECONDS), echoes.poll(30, TimeUnit.SECONDS)))
                        .containsExactlyInAnyOrder("gateway " + cycle, "sub " + cycle);
            }
        } finally {
            await(client.closeAsync());
        }
    }

    @Test
    void givenTheSeedsGateway_whenTheConnectionDropsRepeatedly_thenOnConnectAndOnDisconnectFireEveryTime()
            throws Exception {
        try (SilencingProxy proxy = new SilencingProxy(emulator.mqttPort())) {
            DeviceIdentity device = emulator.newGateway();
            Gateway gateway = new Gateway(store);
            GatewayTest.Events events = new GatewayTest.Events();
            events.recordAll(gateway);
            try {
                assertThat(gateway.connect(Map.of("productKey", device.id().productKey(),
                        "deviceName", device.id().deviceName(), "deviceSecret", device.deviceSecret(),
                        "endpoint", Map.of("host", "127.0.0.1", "port", proxy.port(), "tls", false)))).isZero();
                assertThat(events.next(Gateway.ON_CONNECT)).containsEntry("code", 0);

                for (int cycle = 1; cycle <= CYCLES; cycle++) {
                    proxy.cut();
                    assertThat(events.next(Gateway.ON_DISCONNECT)).containsKey("message");
                    proxy.heal();
                    assertThat(events.next(Gateway.ON_CONNECT)).containsEntry("code", 0);
                    assertThat(gateway.getGatewayHandle().reconnects()).isEqualTo(cycle);
                }
                assertThat(events.queue(Gateway.ON_CONNECT)).isEmpty();
                assertThat(events.queue(Gateway.ON_DISCONNECT)).isEmpty();
            } finally {
                gateway.end();
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
