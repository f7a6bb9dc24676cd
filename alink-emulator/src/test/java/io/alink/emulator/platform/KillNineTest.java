package io.alink.emulator.platform;

import static io.alink.emulator.TestProducts.gateway;
import static io.alink.emulator.TestProducts.secretOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.alink.emulator.Emulator;
import io.alink.emulator.MessageRecord;
import io.alink.emulator.TestDevice;
import io.alink.emulator.TestProducts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A QoS 1 message is in the persisted log before its PUBACK leaves: killing the emulator right after loses none. */
class KillNineTest {

    @TempDir
    Path data;

    @Test
    void givenAcknowledgedQos1MessagesWhenTheEmulatorIsKilledThenItsRestartStillHasEveryOne() throws Exception {
        int acknowledged = 300;
        try (EmulatorProcess.Running emulator = EmulatorProcess.start(data)) {
            // not closed: its connection dies with the process
            TestDevice gw = TestDevice.connect(emulator.mqttPort(), gateway(1), secretOf(gateway(1)));
            for (int i = 0; i < acknowledged; i++) {
                // join() returns on PUBACK
                gw.publish("/sys/a1GwPk0001/gw1/thing/event/property/post",
                        ("{\"id\":\"k" + i + "\",\"params\":{\"n\":" + i + "}}").getBytes(StandardCharsets.UTF_8), 1);
            }
            emulator.kill();
        }
        try (Emulator restarted = Emulator.start(TestProducts.config().dataDir(data).build())) {
            List<MessageRecord> posts = restarted.admin().messages(gateway(1), 10_000).stream()
                    .filter(m -> m.topic().endsWith("/property/post")).toList();
            assertThat(posts).hasSize(acknowledged);
        }
    }
}
