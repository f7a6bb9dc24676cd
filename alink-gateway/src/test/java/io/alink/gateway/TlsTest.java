package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.Futures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client over TLS against the emulator's TLS listener, with a self-signed certificate made for the test. */
class TlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path certificates;

    private static Path caFile;
    private static EmulatorFixture emulator;

    @TempDir
    Path store;

    @BeforeAll
    static void startEmulatorWithTls() throws Exception {
        Path keystore = certificates.resolve("emulator.p12");
        caFile = certificates.resolve("emulator.pem");
        keytool("-genkeypair", "-alias", "emulator", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "emulator", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", caFile.toString());
        emulator = EmulatorFixture.start(config -> config.mqttTls(0, keystore, PASSWORD));
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private GatewayConfig.Builder tlsConfig() {
        return emulator.config(emulator.newGateway(), store)
                .endpoint("127.0.0.1", emulator.emulator().mqttTlsPort().orElseThrow(), true);
    }

    @Test
    void givenTheEmulatorsCertificateAsCa_whenConnectingOverTls_thenTheGatewayWorksEndToEnd() {
        GatewayClient client = GatewayClient.create(tlsConfig().caFile(caFile).build());

        await(client.connect());
        List<SubDeviceCredentials> subs = emulator.newSubDeviceCredentials(1);
        await(client.addTopo(subs));
        await(client.login(subs));

        assertThat(client.loggedIn()).containsExactly(subs.get(0).device());
        assertThat(await(client.ntpTime()).epochMillis()).isPositive();
        await(client.close());
    }

    @Test
    void givenOnlyTheJdkTrustStore_whenConnectingToASelfSignedServer_thenItFailsNamingTheCertificateAndCaFile() {
        GatewayClient client = GatewayClient.create(tlsConfig().build());

        UntrustedCertificateException untrusted = failure(client.connect(), UntrustedCertificateException.class);

        assertThat(untrusted.subject()).isEqualTo("CN=127.0.0.1");
        assertThat(untrusted.issuer()).isEqualTo("CN=127.0.0.1");
        assertThat(untrusted.connackCode()).isEmpty();
        assertThat(untrusted.getMessage()).contains("is not trusted (subject CN=127.0.0.1", "PKIX", "set caFile");
        assertThat(client.isConnected()).isFalse();
        await(client.close());
    }

    @Test
    void givenACaFileOfAnotherCa_whenConnecting_thenTheCertificateIsUntrustedToo() throws Exception {
        Path otherStore = store.resolve("other.p12");
        Path otherCa = store.resolve("other.pem");
        keytool("-genkeypair", "-alias", "other", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=Some Other CA", "-storetype", "PKCS12", "-keystore", otherStore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "other", "-keystore", otherStore.toString(), "-storepass", PASSWORD,
                "-file", otherCa.toString());
        GatewayClient client = GatewayClient.create(tlsConfig().caFile(otherCa).build());

        UntrustedCertificateException untrusted = failure(client.connect(), UntrustedCertificateException.class);

        assertThat(untrusted.subject()).isEqualTo("CN=127.0.0.1");
        await(client.close());
    }
}
