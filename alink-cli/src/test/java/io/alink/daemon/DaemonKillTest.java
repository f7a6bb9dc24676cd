package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.DeviceView;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.DeviceId;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alink gateway} as its own process, killed with {@code kill -9} while messages it accepted are still in its
 * outbox, then started again on the same store: what it accepted arrives. Then SIGTERM stops it cleanly.
 */
class DaemonKillTest {

    private static final Pattern SOUTHBOUND_LINE = Pattern.compile("HTTP (http://127\\.0\\.0\\.1:\\d+)");
    private static final TestGateways GATEWAYS = TestGateways.of(8, 1, "gwkill");
    private static final List<DeviceId> SUBS = GATEWAYS.subDevicesOf("gwkill");

    @RegisterExtension
    static final EmulatorExtension emulator = GATEWAYS.emulator();

    @TempDir
    Path dir;

    private volatile Http southbound;

    @Test
    void givenAcceptedMessagesInTheOutbox_whenTheDaemonIsKilledAndRestarted_thenAllArriveAndSigtermStopsItCleanly()
            throws Exception {
        try (FaultProxy proxy = new FaultProxy(emulator.mqttPort())) {
            Path yaml = Files.writeString(dir.resolve("gateway.yaml"),
                    GATEWAYS.yaml("gwkill", proxy.port(), dir.resolve("store"), ""));
            ChildJvm first = startDaemon(yaml);
            Streamer streamer = new Streamer(() -> southbound, SUBS, Duration.ofMillis(5));
            try (first) {
                awaitAccepted(streamer, 50);
                // the platform stops acknowledging: what is accepted from now on stays in the outbox
                proxy.stall();
                await().atMost(30, TimeUnit.SECONDS).until(() -> southbound.metric("alink_gateway_messages_queued") > 50);

                first.kill();
            }
            try (ChildJvm second = startDaemon(yaml)) {
                awaitAccepted(streamer, 50);
                streamer.close();

                await().atMost(60, TimeUnit.SECONDS).until(() -> southbound.metric("alink_gateway_messages_queued") == 0);
                streamer.assertAllReceived(new Http(URI.create(emulator.httpUri())));

                assertThat(second.terminate(Duration.ofSeconds(30))).as(second.stderr()).isZero();
                assertThat(SUBS).allSatisfy(sub -> assertThat(emulator.admin().device(sub).map(DeviceView::online))
                        .as("%s logged out", sub).contains(false));
            }
        }
    }

    private ChildJvm startDaemon(Path yaml) throws InterruptedException {
        ChildJvm daemon = ChildJvm.start(dir.resolve("daemon.log"), List.of("gateway", "-c", yaml.toString()));
        southbound = new Http(URI.create(daemon.awaitLine(SOUTHBOUND_LINE, Duration.ofSeconds(60)).group(1)));
        try {
            await().atMost(60, TimeUnit.SECONDS).until(() -> southbound.getJson("/v1/devices").findValues("online")
                    .stream().allMatch(JsonNode::asBoolean));
        } catch (ConditionTimeoutException e) {
            daemon.close();
            throw new AssertionError("not all sub-devices online; the daemon's stderr:\n" + daemon.stderr(), e);
        }
        return daemon;
    }

    private static void awaitAccepted(Streamer streamer, int more) {
        int before = streamer.acceptedCount();
        await().atMost(30, TimeUnit.SECONDS).until(() -> streamer.acceptedCount() >= before + more);
    }
}
