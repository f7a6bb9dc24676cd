package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.Futures.failure;
import static io.alink.gateway.TestPlatform.config;
import static io.alink.gateway.TestPlatform.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the client does when the platform goes away, and when it comes back. */
class ConnectionLossTest {

    /**
     * Bounds the requests that time out, and the CONNECT before them (one setting): long enough for a CONNECT on a
     * loaded machine, and paid once since the requests wait side by side.
     */
    private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path store;

    /** Each test its own emulator: they stop it. */
    @RegisterExtension
    final EmulatorExtension emulator = TestPlatform.emulator();

    @Test
    void givenAPlatformThatNeverAnswers_whenSendingRequests_thenEachTimesOutCleanly() throws Exception {
        try (SilencingProxy proxy = new SilencingProxy(emulator.mqttPort())) {
            GatewayClient client = GatewayClient.create(config(emulator, emulator.newGateway(), store)
                    .endpoint("127.0.0.1", proxy.port(), false).requestTimeout(SHORT_TIMEOUT).build());
            await(client.connect());
            String topic = "/" + client.gatewayId().productKey() + "/" + client.gatewayId().deviceName() + "/user/x";

            proxy.silenceUplink();

            CompletableFuture<?> topo = client.getTopo();
            CompletableFuture<?> ntp = client.ntpTime();
            CompletableFuture<?> publish = client.publish(topic, new byte[0], 1);
            CompletableFuture<?> subscribe = client.subscribe(topic, 1, message -> { });

            assertThat(failure(topo, RequestTimeoutException.class).getMessage())
                    .contains("topo get", SHORT_TIMEOUT.toMillis() + " ms");
            failure(ntp, RequestTimeoutException.class);
            failure(publish, RequestTimeoutException.class);
            failure(subscribe, RequestTimeoutException.class);
            assertThat(client.closeAsync()).succeedsWithin(Duration.ofSeconds(30));
        }
    }

    @Test
    void givenThePlatformIsGone_whenSendingARequest_thenItFailsAtOnceForWantOfAConnection() {
        GatewayClient client = GatewayClient.create(config(emulator, emulator.newGateway(), store).build());
        List<Throwable> lost = new CopyOnWriteArrayList<>();
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void disconnected(Throwable cause) {
                lost.add(cause);
            }
        });
        await(client.connect());

        emulator.stop();
        await().atMost(30, TimeUnit.SECONDS).until(() -> !lost.isEmpty());

        failure(client.getTopo(), ConnectionException.class);
        assertThat(client.isConnected()).isFalse();
        assertThat(client.closeAsync()).succeedsWithin(Duration.ofSeconds(30));
    }

    @Test
    void givenLoggedInSubDevices_whenThePlatformRestarts_thenTheClientReconnectsAndLogsThemInAgain() {
        DeviceIdentity gatewayDevice = emulator.newGateway();
        List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(2));
        GatewayClient client = GatewayClient.create(config(emulator, gatewayDevice, store).build());
        List<Boolean> connections = new CopyOnWriteArrayList<>();
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void connected(boolean reconnect) {
                connections.add(reconnect);
            }
        });
        await(client.connect());
        await(client.addTopo(subs));
        await(client.login(subs));

        emulator.restart();
        try {
            await().atMost(30, TimeUnit.SECONDS).until(() -> connections.contains(true));
            await().atMost(30, TimeUnit.SECONDS).until(() -> subs.stream().allMatch(sub ->
                    emulator.online(sub.device())));
            assertThat(client.loggedIn()).hasSize(2);
            assertThat(await(client.getTopo()).devices()).hasSize(2);
        } finally {
            await(client.closeAsync());
        }
    }
}
