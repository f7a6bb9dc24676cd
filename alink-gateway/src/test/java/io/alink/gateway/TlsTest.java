package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.Futures.failure;
import static io.alink.gateway.TestPlatform.config;
import static io.alink.gateway.TestPlatform.credentials;
import static org.assertj.core.api.Assertions.assertThat;

import io.alink.emulator.testing.EmulatorExtension;
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
        await(client.close());
    }

    @Test
    void givenOnlyTheJdkTrustStore_whenConnectingToASelfSignedServer_thenTheConnectionFails() {
        GatewayClient client = GatewayClient.create(tlsConfig().build());

        ConnectionException refused = failure(client.connect(), ConnectionException.class);

        assertThat(refused.connackCode()).isEmpty();
        assertThat(client.isConnected()).isFalse();
        await(client.close());
    }
}
