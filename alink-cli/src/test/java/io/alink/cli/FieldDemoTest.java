package io.alink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alink demo --field}: a simulated Modbus device and OPC UA server, the daemon, and the embedded emulator in
 * one process.
 */
class FieldDemoTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void givenTheFieldDemo_whenRun_thenReadingsReachTheCloudAndTheCloudsSetAndCallReachTheDevices() {
        int status = cli.run("demo", "--field", "--store", dir.resolve("store").toString());

        assertThat(status).as("stdout:%n%s%nstderr:%n%s", cli.out(), cli.err()).isZero();
        assertThat(cli.out())
                .contains("alink demo --field: simulator MODBUS tcp://127.0.0.1:")
                .containsPattern("\\[cloud <- sub01\\] \\{.*\"Setpoint\":21\\.5")
                .contains("[cloud -> sub01] property set {\"Setpoint\":23.5}: HTTP 200, reply code 200")
                .contains("[device] holding register 20 of unit 1 now reads 23.5")
                .contains("alink demo --field: simulator OPCUA opc.tcp://127.0.0.1:")
                .containsPattern("\\[cloud <- sub02\\] \\{.*\"Count\":\\d+")
                .contains("[cloud -> sub02] service Start {\"Speed\":40}: HTTP 200, reply code 200 {\"Accepted\":1,")
                .contains("[device] Cell7.Running now reads true")
                .contains("readings up ok, property set down ok, service call down ok");
    }

    @Test
    void givenFieldWithAConfigFile_whenRun_thenExitStatus2() {
        assertThat(cli.run("demo", "--field", "-c", dir.resolve("gateway.yaml").toString())).isEqualTo(2);

        assertThat(cli.err()).contains("--field runs against the embedded emulator");
    }
}
