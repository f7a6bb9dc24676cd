package io.alink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alink simulate modbus}, in its own JVM as the launcher runs it, read and written by a Modbus client. */
class SimulateModbusCommandTest {

    private static final Pattern MODBUS_LINE = Pattern.compile("MODBUS tcp://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();
    private Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void givenNoFile_whenSimulating_thenTheFirstLineSaysWhereAndTheExampleDeviceIsReadAndWritten() throws Exception {
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                AlinkCli.class.getName(),
                "simulate", "modbus", "--port", "0")
                .redirectError(dir.resolve("stderr.log").toFile()).start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));

        String first = CompletableFuture.supplyAsync(() -> readLine(stdout)).get(60, TimeUnit.SECONDS);
        Matcher where = MODBUS_LINE.matcher(String.valueOf(first));
        assertThat(where.matches()).as("first line: %s%nstderr: %s", first, stderr()).isTrue();
        assertThat(readLine(stdout)).isEqualTo("unit 1: Temperature (holding 0, float32)");

        ModbusTcpClient client = ModbusTcpClient.create(NettyTcpClientTransport.create(transport -> {
            transport.hostname = "127.0.0.1";
            transport.port = Integer.parseInt(where.group(1));
        }));
        client.connect();
        try {
            assertThat(setpoint(client)).isEqualTo("00d7");
            client.writeSingleRegister(1, new WriteSingleRegisterRequest(20, 0x00c8));
            assertThat(setpoint(client)).isEqualTo("00c8");
        } finally {
            client.disconnect();
        }

        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }

    @Test
    void givenABadFile_whenSimulating_thenExitStatus2NamesTheFileAndTheKey() throws Exception {
        Path file = Files.writeString(dir.resolve("sim.yaml"), """
                devices:
                  - unitId: 1
                    properties:
                      - {identifier: T, table: holding, address: 0, type: int16, sine: {min: 0, max: 1}}
                """);

        assertThat(cli.run("simulate", "modbus", "-c", file.toString())).isEqualTo(2);

        assertThat(cli.err()).contains("alink simulate modbus: " + file
                + ": devices[0].properties[0].sine.periodMs: is required");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void givenAGatewayFileWithABadMapping_whenTheGatewayIsRun_thenExitStatus2NamesTheKeyPath() throws Exception {
        Path yaml = Files.writeString(dir.resolve("gateway.yaml"), """
                gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: s}
                subDevices: [{productKey: a1SubPk001, deviceName: sub01, deviceSecret: s1}]
                connectors:
                  - {name: line1, type: modbus-tcp, host: 127.0.0.1, devices: [{productKey: a1SubPk001,
                     deviceName: sub01, properties: [{identifier: T, table: holding, address: 0, type: double}]}]}
                """);

        assertThat(cli.run("gateway", "-c", yaml.toString())).isEqualTo(2);

        assertThat(cli.err()).contains("alink gateway: " + yaml
                + ": connectors[0].devices[0].properties[0].type: expected one of bool, int16");
    }

    private static String setpoint(ModbusTcpClient client) throws Exception {
        return HexFormat.of().formatHex(client.readHoldingRegisters(1, new ReadHoldingRegistersRequest(20, 1))
                .registers());
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("stderr.log"));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
