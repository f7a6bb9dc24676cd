package io.alink.simulator;

import static io.alink.simulator.FieldDevices.SUB01;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alink.daemon.connector.Connector;
import io.alink.daemon.connector.FieldStatus;
import io.alink.daemon.connector.modbus.SerialSettings;
import io.alink.gateway.ServiceReply;
import io.alink.protocol.AlinkJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modbus RTU without hardware: socat links two pseudo-terminals, the simulator is the slave on one end and the
 * connector the master on the other, both through jSerialComm as on a real serial port. Needs Debian's socat
 * ({@code .ci/run} installs it).
 */
class RtuOverPtyTest {

    @TempDir
    Path dir;

    private Process socat;
    private ModbusSimulator simulator;
    private Connector connector;
    private final RecordingUplink uplink = new RecordingUplink();

    @BeforeEach
    void start() throws Exception {
        Path master = dir.resolve("ttyMaster");
        Path slave = dir.resolve("ttySlave");
        socat = new ProcessBuilder(List.of("socat", "pty,raw,echo=0,link=" + master, "pty,raw,echo=0,link=" + slave))
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(master) && Files.exists(slave));
        simulator = ModbusSimulator.rtu(FieldDevices.simulator(), SerialSettings.of(slave.toString()));
        connector = FieldDevices.rtu(master.toString()).create(uplink, new SimpleMeterRegistry(), null);
        connector.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (connector != null) {
            connector.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        socat.destroy();
        socat.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void givenASlaveOnTheOtherEndOfTheLine_whenPolled_thenItsValuesAreReported() {
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(uplink.latest(SUB01))
                .containsEntry("Temperature", 21.5).containsEntry("Running", 1).containsEntry("Name", "SIM-01")
                .containsEntry("Energy", -9_000_000_000L).containsKey("Count"));
        assertThat(connector.status(SUB01).link()).isEqualTo(FieldStatus.Link.UP);
    }

    @Test
    void givenAPropertySet_whenWrittenOverTheLine_thenTheSlaveHoldsItAndTheCloudGets200() throws Exception {
        await().atMost(30, TimeUnit.SECONDS).until(() -> !uplink.reports(SUB01).isEmpty());

        ServiceReply reply = connector.setProperties(SUB01, AlinkJson.parse("{\"Setpoint\":18.5,\"Running\":false}"))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(reply.code()).as(reply.message()).isEqualTo(200);
        assertThat(simulator.value(1, "Setpoint")).isEqualTo(18.5);
        assertThat(simulator.value(1, "Running")).isEqualTo(0);
    }
}
