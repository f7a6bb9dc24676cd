package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.Futures.failure;
import static io.alink.gateway.TestPlatform.config;
import static io.alink.gateway.TestPlatform.credentials;
import static org.assertj.core.api.Assertions.assertThat;

import io.alink.emulator.testing.EmulatorExtension;
import io.alink.emulator.testing.SelfSignedCertificate;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The client over TLS against the emulator's TLS listener, with a self-signed certificate made for the test. */
class TlsTest {

    @RegisterExtension
    static final EmulatorExtension emulator = TestPlatform.emulator().withTls();

    @TempDir
    Path store;

    private GatewayConfig.Builder tlsConfig() {
        return config(emulator, emulator.newGateway(), store)
                .endpoint("127.0.0.1", emulator.mqttTlsPort(), true);
    }

    @Test
    void givenTheEmulatorsCertificateAsCa_whenConnectingOverTls_thenTheGatewayWorksEndToEnd() {
        GatewayClient client = GatewayClient.create(tlsConfig().caFile(emulator.tlsCertificate()).build());

        await(client.connect());
        List<SubDeviceCredentials> subs = credentials(emulator.newSubDevices(1));
        await(client.addTopo(subs));
        await(client.login(subs));

        assertThat(client.loggedIn()).containsExactly(subs.get(0).device());
        assertThat(await(client.ntpTime()).epochMillis()).isPositive();
        await(client.closeAsync());
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
        await(client.closeAsync());
    }

    @Test
    void givenACaFileOfAnotherCa_whenConnecting_thenTheCertificateIsUntrustedToo() {
        SelfSignedCertificate otherCa = SelfSignedCertificate.create("CN=Some Other CA");
        emulator.closeAfterTest(otherCa);
        GatewayClient client = GatewayClient.create(tlsConfig().caFile(otherCa.pem()).build());

        UntrustedCertificateException untrusted = failure(client.connect(), UntrustedCertificateException.class);

        assertThat(untrusted.subject()).isEqualTo("CN=127.0.0.1");
        await(client.closeAsync());
    }
}
