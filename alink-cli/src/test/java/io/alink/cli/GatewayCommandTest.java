package io.alink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.alink.emulator.Emulator;
import io.alink.emulator.EmulatorConfig;
import io.alink.emulator.config.DemoProducts;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code alink gateway}'s exit statuses when it cannot run. Running and stopping it is DaemonKillTest's. */
class GatewayCommandTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void givenABadConfigFile_whenTheGatewayIsRun_thenExitStatus2NamesTheFileAndTheKey() throws Exception {
        Path yaml = Files.writeString(dir.resolve("gateway.yaml"), """
                gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: "GwSecret0123456789abcdef01234567"}
                southbound: {host: 0.0.0.0, port: 8765}
                """);

        assertThat(run("gateway", "-c", yaml.toString())).isEqualTo(2);

        assertThat(err.toString()).contains("alink gateway: " + yaml + ": southbound.host: expected a loopback address")
                .doesNotContain("GwSecret0123456789abcdef01234567");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void givenNoConfigFile_whenTheGatewayIsRun_thenExitStatus2() {
        assertThat(run("gateway")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
    }

    @Test
    void givenAGatewayThePlatformRefuses_whenRun_thenExitStatus1AfterSayingWhereItListened() throws Exception {
        EmulatorConfig.Builder config = EmulatorConfig.builder().mqttPort(0).httpPort(0);
        DemoProducts.products().forEach(config::product);
        try (Emulator emulator = Emulator.start(config.build())) {
            Path yaml = Files.writeString(dir.resolve("gateway.yaml"), """
                    endpoint: {host: 127.0.0.1, port: %d, tls: false}
                    gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: not-the-secret}
                    store: %s
                    southbound: {port: 0}
                    """.formatted(emulator.mqttPort(), dir.resolve("store")));

            assertThat(run("gateway", "-c", yaml.toString())).isEqualTo(1);

            assertThat(out.toString()).startsWith("HTTP http://127.0.0.1:");
            assertThat(err.toString()).doesNotContain("not-the-secret");
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // retried forever, it would never return
    void givenAPlatformCertificateNotSignedByATrustedCa_whenRun_thenExitStatus1NamingItAndCaFile() throws Exception {
        Path keystore = dir.resolve("emulator.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "emulator", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor()).isZero();
        EmulatorConfig.Builder config = EmulatorConfig.builder().mqttPort(0).httpPort(0)
                .mqttTls(0, keystore, "changeit");
        DemoProducts.products().forEach(config::product);
        try (Emulator emulator = Emulator.start(config.build())) {
            Path yaml = Files.writeString(dir.resolve("gateway.yaml"), """
                    endpoint: {host: 127.0.0.1, port: %d, tls: true}
                    gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: GwSecret0123456789abcdef01234567}
                    store: %s
                    southbound: {port: 0}
                    """.formatted(emulator.mqttTlsPort().orElseThrow(), dir.resolve("store")));

            assertThat(run("gateway", "-c", yaml.toString())).isEqualTo(1);

            assertThat(err.toString()).contains("alink gateway: cannot connect: the TLS certificate of 127.0.0.1:",
                    "is not trusted (subject CN=127.0.0.1", "set caFile");
        }
    }

    @Test
    void givenHelp_whenRun_thenTheGatewayIsListed() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("gateway");
    }
}
