package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alink.daemon.GatewayFile;
import io.alink.emulator.DeviceView;
import io.alink.emulator.testing.EmulatorExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections broken by the network rather than closed by the platform, through a TCP proxy: dropped, stalled, and
 * half-open. A stall and a half-open connection look alive to the socket, so only the MQTT keepalive (30 s, the
 * platform's minimum) can tell; each daemon must notice within its window, reconnect and lose nothing.
 *
 * <p>The three faults run side by side, one daemon each, so that the test waits for one keepalive window, not three.
 */
class ConnectionFaultTest {

    /** A keepalive of 30 s: a ping after 30 s without traffic, the connection given up 30 s later without answer. */
    private static final Duration DETECTION_WINDOW = Duration.ofSeconds(90);
    private static final TestGateways GATEWAYS = TestGateways.of(4, 1, "gwdrop", "gwstall", "gwhalf");

    @RegisterExtension
    static final EmulatorExtension emulator = GATEWAYS.emulator();

    @TempDir
    Path dir;

    private record Case(String gateway, FaultProxy proxy, GatewayDaemon daemon, Http southbound, Streamer streamer,
                        Consumer<FaultProxy> fault) {
    }

    @Test
    void givenStreamingDaemons_whenTheirConnectionsAreDroppedStalledOrHalfOpened_thenEachRecoversWithNoLoss()
            throws Exception {
        List<Case> cases = new ArrayList<>();
        try {
            cases.add(start("gwdrop", FaultProxy::drop));
            cases.add(start("gwstall", FaultProxy::stall));
            cases.add(start("gwhalf", FaultProxy::halfOpen));
            for (Case c : cases) {
                int before = c.streamer().acceptedCount();
                await().atMost(30, TimeUnit.SECONDS).until(() -> c.streamer().acceptedCount() > before + 20);
            }

            cases.forEach(c -> c.fault().accept(c.proxy()));

            for (Case c : cases) {
                await(c.gateway() + " reconnected").atMost(DETECTION_WINDOW)
                        .until(() -> c.proxy().connections() >= 2
                                && c.southbound().metric("alink_gateway_connected") == 1);
            }
            for (Case c : cases) {
                int before = c.streamer().acceptedCount();
                await().atMost(30, TimeUnit.SECONDS).until(() -> c.streamer().acceptedCount() > before + 20);
                c.streamer().close();
            }
            for (Case c : cases) {
                await(c.gateway() + " drained").atMost(60, TimeUnit.SECONDS)
                        .until(() -> c.southbound().metric("alink_gateway_messages_queued") == 0);
                assertThat(c.southbound().metric("alink_gateway_reconnects_total")).isGreaterThanOrEqualTo(1);
                await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                        GATEWAYS.subDevicesOf(c.gateway())).allSatisfy(sub -> assertThat(
                                emulator.admin().device(sub).map(DeviceView::online)).contains(true)));
                c.streamer().assertAllReceived(new Http(URI.create(emulator.httpUri())));
            }
        } finally {
            for (Case c : cases) {
                c.streamer().close();
                c.daemon().close();
                c.proxy().close();
            }
        }
    }

    private Case start(String gateway, Consumer<FaultProxy> fault) throws Exception {
        FaultProxy proxy = new FaultProxy(emulator.mqttPort());
        Path store = dir.resolve(gateway);
        Path yaml = Files.writeString(dir.resolve(gateway + ".yaml"),
                GATEWAYS.yaml(gateway, proxy.port(), store, ""));
        GatewayDaemon daemon = GatewayDaemon.start(GatewayFile.load(yaml), store, new LogLines());
        daemon.ready().get(60, TimeUnit.SECONDS);
        Http southbound = new Http(daemon.southboundUri());
        Streamer streamer = new Streamer(() -> southbound, GATEWAYS.subDevicesOf(gateway), Duration.ofMillis(20));
        return new Case(gateway, proxy, daemon, southbound, streamer, fault);
    }
}
