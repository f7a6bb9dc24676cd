package io.alink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.alink.emulator.testing.EmulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code alink demo}, embedded and against a separately running emulator described by a gateway.yaml. */
class DemoCommandTest {

    private static final List<String> STEPS = List.of("create", "connect", "getGatewayInfo", "getGatewayHandle",
            "getNtpTime", "addTopo", "getTopo", "login", "registerSubDevice", "subscribe", "publish",
            "service call (ON_SERVICE)", "unsubscribe", "logout", "removeTopo", "end");

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.demo();

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private List<String> stepLines() {
        return cli.out().lines().filter(line -> line.startsWith("[")).toList();
    }

    private Path gatewayYaml(String deviceSecret, String registerName, boolean withAdmin) throws Exception {
        return Files.writeString(dir.resolve("gateway.yaml"), """
                endpoint: {host: 127.0.0.1, port: %d, tls: false}
                region: cn-shanghai
                keepaliveSec: 60
                gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: "%s"}
                subDevices:
                  - {productKey: a1SubPk001, deviceName: sub01, deviceSecret: "SubSecret01abcdef0123456789abcdef"}
                register:
                  - {productKey: a1SubPk001, deviceName: %s, productSecret: "SubProductSecret01"}
                topic: /a1GwPk0001/gw01/user/aos_test
                %s
                """.formatted(emulator.mqttPort(), deviceSecret, registerName,
                withAdmin ? "admin: " + emulator.httpUri() : ""));
    }

    @Test
    void givenNoConfig_whenTheDemoRuns_thenEverySeedStepSucceedsInOrderAndTheExitStatusIs0() {
        assertThat(cli.run("demo")).as(cli.out() + "\n" + cli.err()).isZero();

        List<String> lines = stepLines();
        assertThat(lines).hasSize(STEPS.size());
        for (int i = 0; i < STEPS.size(); i++) {
            assertThat(lines.get(i)).contains(STEPS.get(i)).contains(" ok ");
        }
        assertThat(cli.out()).contains("16 steps, 16 ok, 0 skipped, 0 failed")
                .doesNotContain("GwSecret0123456789abcdef01234567");
    }

    @Test
    void givenAGatewayYamlWithAnAdminApi_whenTheDemoRuns_thenTheServiceCallIsTriggeredAndEveryStepSucceeds()
            throws Exception {
        Path yaml = gatewayYaml("GwSecret0123456789abcdef01234567", "sub03", true);

        assertThat(cli.run("demo", "-c", yaml.toString(), "--store", dir.resolve("store").toString()))
                .as(cli.out() + "\n" + cli.err()).isZero();

        assertThat(stepLines()).hasSize(STEPS.size()).allMatch(line -> line.contains(" ok "));
    }

    @Test
    void givenAGatewayYamlWithoutAdmin_whenNoServiceCallComes_thenThatStepIsSkippedAndTheOthersDecide()
            throws Exception {
        Path yaml = gatewayYaml("GwSecret0123456789abcdef01234567", "sub04", false);

        assertThat(cli.run("demo", "-c", yaml.toString(), "--store", dir.resolve("store").toString(),
                "--service-wait", "1")).as(cli.out() + "\n" + cli.err()).isZero();

        assertThat(stepLines()).filteredOn(line -> line.contains("service call"))
                .singleElement().asString().contains("skipped", "no service call from the cloud within 1 s");
        assertThat(cli.out()).contains("15 ok, 1 skipped, 0 failed");
    }

    @Test
    void givenAWrongGatewaySecret_whenTheDemoRuns_thenConnectFailsAndTheExitStatusIs1() throws Exception {
        Path yaml = gatewayYaml("not-the-secret", "sub04", false);

        assertThat(cli.run("demo", "-c", yaml.toString(), "--store", dir.resolve("store").toString(),
                "--service-wait", "0")).isEqualTo(1);

        assertThat(stepLines().get(1)).contains("connect", "failed", "CONNACK return code 4");
        assertThat(cli.out()).doesNotContain("not-the-secret");
    }

    @Test
    void givenAGatewayYamlWithAnUnknownKey_whenTheDemoRuns_thenExitStatus2NamesIt() throws Exception {
        Path yaml = Files.writeString(dir.resolve("bad.yaml"), """
                gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: x, colour: red}
                topic: /a1GwPk0001/gw01/user/aos_test
                """);

        assertThat(cli.run("demo", "-c", yaml.toString())).isEqualTo(2);

        assertThat(cli.err()).contains("unknown key 'gateway.colour'");
    }
}
