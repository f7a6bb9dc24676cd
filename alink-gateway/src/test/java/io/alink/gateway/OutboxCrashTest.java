package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.TestPlatform.config;
import static io.alink.gateway.TestPlatform.credentials;
import static io.alink.gateway.TestPlatform.firstArrivals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.gateway.outbox.OutboxLimits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The gateway process is killed with messages accepted but not acknowledged; the next process sends them all. */
class OutboxCrashTest {

    private static final int COUNT = 300;
    private static final long STEP_SECONDS = 60;

    @RegisterExtension
    static final EmulatorExtension emulator = TestPlatform.emulator();

    @TempDir
    Path store;

    @Test
    void givenAcceptedMessagesInFlightToAPlatformThatNeverAnswers_whenTheGatewayIsKilled_thenTheNextRunSendsThemAll()
            throws Exception {
        try (SilencingProxy proxy = new SilencingProxy(emulator.mqttPort())) {
            DeviceIdentity gateway = emulator.newGateway();
            DeviceIdentity sub = emulator.newSubDevice();
            emulator.admin().addTopo(gateway.id(), sub.id());

            Process child = startChild(proxy.port(), gateway, sub);
            BlockingQueue<String> output = readLines(child);
            try {
                awaitLine(output, OutboxCrashChild.READY);
                // from now on the platform hears nothing: every message stays unacknowledged, in flight or queued
                proxy.silenceUplink();
                try (OutputStream stdin = child.getOutputStream()) {
                    stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
                }
                awaitLine(output, OutboxCrashChild.JOURNALED);
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(STEP_SECONDS, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(emulator.propertyPosts(gateway.id())).isEmpty();
            assertThat(emulator.propertyPosts(sub.id())).isEmpty();

            GatewayClient restarted = GatewayClient.create(config(emulator, gateway, store)
                    .outbox(OutboxLimits.DEFAULT).build());
            try {
                assertThat(restarted.outboxStats().queuedMessages()).isEqualTo(2L * COUNT);
                await(restarted.connect());
                await(restarted.login(List.of(credentials(sub))));

                await().atMost(STEP_SECONDS, TimeUnit.SECONDS)
                        .until(() -> restarted.outboxStats().queuedMessages() == 0);
                assertThat(firstArrivals(emulator, gateway.id(), "n")).containsExactlyElementsOf(range());
                assertThat(firstArrivals(emulator, sub.id(), "n")).containsExactlyElementsOf(range());
            } finally {
                await(restarted.closeAsync());
            }
        }
    }

    private Process startChild(int port, DeviceIdentity gateway, DeviceIdentity sub) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(java, "-cp", classpath, OutboxCrashChild.class.getName(),
                Integer.toString(port), store.toString(),
                gateway.id().productKey(), gateway.id().deviceName(), gateway.deviceSecret(),
                sub.id().productKey(), sub.id().deviceName(), sub.deviceSecret(), Integer.toString(COUNT))
                .redirectErrorStream(true)
                .start();
    }

    /** Everything the child prints, line by line; read all the time so that the child never blocks on a full pipe. */
    private static BlockingQueue<String> readLines(Process child) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the child was killed
            }
        }, "outbox-crash-child-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static void awaitLine(BlockingQueue<String> lines, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (expected.equals(line)) {
                return;
            }
        }
        throw new AssertionError("the child did not print " + expected);
    }

    private static List<Integer> range() {
        return IntStream.range(0, COUNT).boxed().toList();
    }
}
