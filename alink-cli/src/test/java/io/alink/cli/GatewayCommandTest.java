package io.alink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.alink.emulator.testing.EmulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code alink gateway}'s exit statuses when it cannot run. Running and stopping it is DaemonKillTest's. */
class GatewayCommandTest {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.demo().withTls();

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void givenABadConfigFile_whenTheGatewayIsRun_thenExitStatus2NamesTheFileAndTheKey() throws Exception {
        Path yaml = Files.writeString(dir.resolve("gateway.yaml"), """
                gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: "GwSecret0123456789abcdef01234567"}
                southbound: {host: 0.0.0.0, port: 8765}
                """);

        assertThat(cli.run("gateway", "-c", yaml.toString())).isEqualTo(2);

        assertThat(cli.err()).contains("alink gateway: " + yaml + ": southbound.host: expected a loopback address")
                .doesNotContain("GwSecret0123456789abcdef01234567");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void givenALogFileThatCannotBeWritten_whenTheGatewayIsRun_thenExitStatus2NamingTheKeyAndTheFile()
            throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        Path yaml = Files.writeString(dir.resolve("gateway.yaml"), """
                gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: "GwSecret0123456789abcdef01234567"}
                logging: {file: %s/gateway.log}
                """.formatted(notAFolder));

        assertThat(cli.run("gateway", "-c", yaml.toString())).isEqualTo(2);

        assertThat(cli.err()).contains("alink gateway: " + yaml + ": logging.file: cannot write the log file "
                + notAFolder.resolve("gateway.log"));
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void givenNoConfigFile_whenTheGatewayIsRun_thenExitStatus2() {
        assertThat(cli.run("gateway")).isEqualTo(2);
        assertThat(cli.err()).contains("Missing required option: '--config=FILE'");
    }

    @Test
    void givenAGatewayThePlatformRefuses_whenRun_thenExitStatus1AfterSayingWhereItListened() throws Exception {
        Path yaml = Files.writeString(dir.resolve("gateway.yaml"), """
                endpoint: {host: 127.0.0.1, port: %d, tls: false}
                gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: not-the-secret}
                store: %s
                southbound: {port: 0}
                """.formatted(emulator.mqttPort(), dir.resolve("store")));

        assertThat(cli.run("gateway", "-c", yaml.toString())).isEqualTo(1);

        assertThat(cli.out()).startsWith("HTTP http://127.0.0.1:");
        assertThat(cli.err()).contains("alink gateway: cannot connect: 127.0.0.1:" + emulator.mqttPort()
                        + " refused the connection: bad user name or password: check deviceSecret for a1GwPk0001/gw01")
                .doesNotContain("not-the-secret");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // retried forever, it would never return
    void givenAPlatformCertificateNotSignedByATrustedCa_whenRun_thenExitStatus1NamingItAndCaFile() throws Exception {
        Path yaml = Files.writeString(dir.resolve("gateway.yaml"), """
                endpoint: {host: 127.0.0.1, port: %d, tls: true}
                gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: GwSecret0123456789abcdef01234567}
                store: %s
                southbound: {port: 0}
                """.formatted(emulator.mqttTlsPort(), dir.resolve("store")));

        assertThat(cli.run("gateway", "-c", yaml.toString())).isEqualTo(1);

        assertThat(cli.err()).contains("alink gateway: cannot connect: the TLS certificate of 127.0.0.1:",
                "is not trusted (subject CN=127.0.0.1", "set caFile");
    }

    @Test
    void givenHelp_whenRun_thenTheGatewayIsListed() {
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("gateway");
    }
}
