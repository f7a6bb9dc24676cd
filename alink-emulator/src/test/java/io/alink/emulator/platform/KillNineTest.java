package io.alink.emulator.platform;

import static io.alink.emulator.TestProducts.gateway;
import static io.alink.emulator.TestProducts.secretOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.alink.emulator.Emulator;
import io.alink.emulator.MessageRecord;
import io.alink.emulator.TestDevice;
import io.alink.emulator.TestProducts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A QoS 1 message is in the persisted log before its PUBACK leaves: killing the emulator right after loses none. */
class KillNineTest {

    @TempDir
    Path data;

    @Test
    void givenAcknowledgedQos1MessagesWhenTheEmulatorIsKilledThenItsRestartStillHasEveryOne() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process emulator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, EmulatorProcess.class.getName(), data.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int acknowledged = 300;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            while (line != null && !line.startsWith("MQTT ")) {
                line = out.readLine();
            }
            assertThat(line).as("the emulator process announces its port").startsWith("MQTT ");
            int port = Integer.parseInt(line.substring(5).trim());
            TestDevice gw = TestDevice.connect(port, gateway(1), secretOf(gateway(1)));
            for (int i = 0; i < acknowledged; i++) {
                // join() returns on PUBACK
                gw.publish("/sys/a1GwPk0001/gw1/thing/event/property/post",
                        ("{\"id\":\"k" + i + "\",\"params\":{\"n\":" + i + "}}").getBytes(StandardCharsets.UTF_8), 1);
            }
            emulator.destroyForcibly();
            assertThat(emulator.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            emulator.destroyForcibly();
        }
        try (Emulator restarted = Emulator.start(TestProducts.config().dataDir(data).build())) {
            List<MessageRecord> posts = restarted.admin().messages(gateway(1), 10_000).stream()
                    .filter(m -> m.topic().endsWith("/property/post")).toList();
            assertThat(posts).hasSize(acknowledged);
        }
    }
}
