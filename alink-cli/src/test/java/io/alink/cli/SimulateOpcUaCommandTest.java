package io.alink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.alink.daemon.ChildJvm;
import io.alink.daemon.connector.opcua.ApplicationCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alink simulate opcua}, in its own JVM as the launcher runs it, read and written by an OPC UA client. */
class SimulateOpcUaCommandTest {

    private static final NodeId SETPOINT = NodeId.parse("ns=2;s=Cell7.Setpoint");

    @TempDir
    Path dir;

    @Test
    void givenAFreePort_whenSimulating_thenTheFirstLineSaysWhereAndAClientReadsAndWritesTheSetpoint()
            throws Exception {
        Path pki = dir.resolve("pki");
        try (ChildJvm simulator = ChildJvm.start(dir.resolve("stderr.log"), List.of("simulate", "opcua",
                "--port", "0", "--certificate-dir", pki.toString(), "--generated", "2"))) {
            Matcher where = simulator.awaitLine(Pattern.compile("OPCUA (opc\\.tcp://127\\.0\\.0\\.1:\\d+/sim)"),
                    Duration.ofSeconds(60));
            simulator.awaitLine(Pattern.compile("ns=2;s=Cell7\\.Setpoint \\(Double, writable\\)"),
                    Duration.ofSeconds(30));
            simulator.awaitLine(Pattern.compile(Pattern.quote("ns=3;s=Generated.V0 to V1 (2 Int32, changing)")),
                    Duration.ofSeconds(30));
            simulator.awaitLine(Pattern.compile("certificate " + Pattern.quote(pki.resolve(
                    ApplicationCertificate.CERTIFICATE_FILE).toString())), Duration.ofSeconds(30));

            // Milo's 5 s connect and acknowledge defaults are short for a child JVM's first answers under load
            UInteger patience = Unsigned.uint(30_000);
            OpcUaClient client = OpcUaClient.create(where.group(1), endpoints -> endpoints.stream()
                            .filter(endpoint -> SecurityPolicy.None.getUri().equals(endpoint.getSecurityPolicyUri()))
                            .findFirst(),
                    transport -> transport.setConnectTimeout(patience).setAcknowledgeTimeout(patience),
                    config -> config.setRequestTimeout(patience));
            client.connect();
            try {
                assertThat(setpoint(client)).isEqualTo(21.5);
                List<StatusCode> written = client.writeValues(List.of(SETPOINT),
                        List.of(DataValue.valueOnly(new Variant(30.0))));
                assertThat(written).containsExactly(StatusCode.GOOD);
                assertThat(setpoint(client)).isEqualTo(30.0);
            } finally {
                client.disconnect();
            }
            assertThat(pki.resolve(ApplicationCertificate.CERTIFICATE_FILE)).isRegularFile();

            simulator.terminate(Duration.ofSeconds(30));
        }
    }

    @Test
    void givenABadPort_whenSimulating_thenExitStatus2SaysWhy() {
        CliRun cli = new CliRun();

        assertThat(cli.run("simulate", "opcua", "--port", "70000")).isEqualTo(2);

        assertThat(cli.err()).contains("--port must be from 0 to 65535, was 70000");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void givenANegativeCountOfGeneratedVariables_whenSimulating_thenExitStatus2SaysWhy() {
        CliRun cli = new CliRun();

        assertThat(cli.run("simulate", "opcua", "--generated", "-1")).isEqualTo(2);

        assertThat(cli.err()).contains("--generated must be 0 to 1000000, was -1");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void givenAGatewayFileWithABadNodeId_whenTheGatewayIsRun_thenExitStatus2NamesTheKeyPath() throws Exception {
        Path yaml = Files.writeString(dir.resolve("gateway.yaml"), """
                gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: s}
                subDevices: [{productKey: a1SubPk001, deviceName: sub02, deviceSecret: s2}]
                connectors:
                  - {name: cell7, type: opcua, endpoint: "opc.tcp://127.0.0.1:4840/sim",
                     devices: [{productKey: a1SubPk001, deviceName: sub02,
                                properties: [{identifier: T, node: Cell7.Temperature}]}]}
                """);
        CliRun cli = new CliRun();

        assertThat(cli.run("gateway", "-c", yaml.toString())).isEqualTo(2);

        assertThat(cli.err()).contains("alink gateway: " + yaml
                + ": connectors[0].devices[0].properties[0].node: expected a node id such as ns=2;s=Cell7.Temperature");
    }

    private static Object setpoint(OpcUaClient client) throws Exception {
        return client.readValue(0, TimestampsToReturn.Neither, SETPOINT).getValue().getValue();
    }
}
