package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static io.alink.gateway.Futures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A gateway configured with only its product's secret, registering over HTTPS-style HTTP or over MQTT. */
class DynamicRegistrationTest {

    @RegisterExtension
    static final EmulatorExtension emulator = TestPlatform.emulator();

    @TempDir
    Path store;

    private GatewayConfig.Builder config(DeviceId gateway, String productSecret, RegistrationMode mode) {
        return GatewayConfig.builder()
                .productKey(gateway.productKey())
                .deviceName(gateway.deviceName())
                .productSecret(productSecret)
                .endpoint("127.0.0.1", emulator.mqttPort(), false)
                .registrationMode(mode)
                .registrationUri(emulator.registrationUri())
                .requestTimeout(TestPlatform.REQUEST_TIMEOUT)
                .storeDir(store);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RegistrationMode.class)
    void givenOnlyAProductSecret_whenConnecting_thenTheIssuedSecretIsStoredForTheOwnerOnlyAndUsed(
            RegistrationMode mode) throws Exception {
        DeviceId gateway = emulator.newUnregisteredGateway();
        GatewayClient client = GatewayClient.create(
                config(gateway, TestPlatform.GATEWAY_PRODUCT_SECRET, mode).build());

        GatewayIdentity identity = await(client.connect());

        assertThat(identity.deviceSecret()).isNotBlank();
        assertThat(identity.productSecret()).isEqualTo(TestPlatform.GATEWAY_PRODUCT_SECRET);
        assertThat(new GatewayStore(store).read()).contains(identity);
        Path file = new GatewayStore(store).file();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rwx------");
        assertThat(Files.readString(file)).contains(identity.deviceSecret());
        assertThat(await(client.ntpTime()).epochMillis()).isPositive();
        await(client.closeAsync());
    }

    @Test
    void givenASecretStoredByAnEarlierRegistration_whenConnectingAgain_thenItIsUsedWithoutRegisteringAgain() {
        DeviceId gateway = emulator.newUnregisteredGateway();
        GatewayConfig config = config(gateway, TestPlatform.GATEWAY_PRODUCT_SECRET, RegistrationMode.HTTPS).build();
        GatewayClient first = GatewayClient.create(config);
        String issued = await(first.connect()).deviceSecret();
        await(first.closeAsync());

        // the platform refuses to register an activated device again: only the stored secret can get this in
        GatewayClient second = GatewayClient.create(config);
        assertThat(await(second.connect()).deviceSecret()).isEqualTo(issued);
        await(second.closeAsync());
    }

    @Test
    void givenARegisteredGatewayWhoseStoreWasDeleted_whenRegisteringAgain_thenTheRefusalSaysWhereTheSecretWas()
            throws Exception {
        DeviceId gateway = emulator.newUnregisteredGateway();
        GatewayConfig config = config(gateway, TestPlatform.GATEWAY_PRODUCT_SECRET, RegistrationMode.HTTPS).build();
        GatewayClient first = GatewayClient.create(config);
        await(first.connect());
        await(first.closeAsync());
        Files.delete(new GatewayStore(store).file());

        GatewayClient again = GatewayClient.create(config);
        AlinkReplyException refused = failure(again.connect(), AlinkReplyException.class);

        assertThat(refused.code()).isEqualTo(ReplyCode.DEVICE_ALREADY_ACTIVATED);
        assertThat(refused.getMessage()).contains("dynamic registration of " + gateway + " failed: 6289",
                "already activated: the secret issued then is in the store folder (" + store + "); was it deleted?");
        await(again.closeAsync());
    }

    @Test
    void givenAWrongProductSecret_whenRegisteringOverHttps_thenThePlatformsRefusalIsReportedAndNothingStored() {
        DeviceId gateway = emulator.newUnregisteredGateway();
        GatewayClient client = GatewayClient.create(config(gateway, "wrong-product-secret", RegistrationMode.HTTPS)
                .build());

        AlinkReplyException refused = failure(client.connect(), AlinkReplyException.class);

        assertThat(refused.code()).isEqualTo(ReplyCode.AUTH_ERROR);
        assertThat(refused.getMessage()).doesNotContain("wrong-product-secret");
        assertThat(new GatewayStore(store).read()).isEmpty();
        await(client.closeAsync());
    }

    @Test
    void givenAWrongProductSecret_whenRegisteringOverMqtt_thenTheConnectIsRefused() {
        DeviceId gateway = emulator.newUnregisteredGateway();
        GatewayClient client = GatewayClient.create(config(gateway, "wrong-product-secret", RegistrationMode.MQTT)
                .build());

        ConnectionException refused = failure(client.connect(), ConnectionException.class);

        assertThat(refused.connackCode()).hasValue(4);
        assertThat(refused.getMessage()).contains("bad user name or password: check productSecret for product "
                + gateway.productKey()).doesNotContain("wrong-product-secret");
        assertThat(new GatewayStore(store).read()).isEmpty();
        await(client.closeAsync());
    }

    @Test
    void givenARegistrationEndpointThatIsDown_whenConnecting_thenItFailsForWantOfAConnection() {
        DeviceId gateway = emulator.newUnregisteredGateway();
        GatewayClient client = GatewayClient.create(config(gateway, TestPlatform.GATEWAY_PRODUCT_SECRET,
                RegistrationMode.HTTPS).registrationUri(URI.create("http://127.0.0.1:1/auth/register/device")).build());

        failure(client.connect(), ConnectionException.class);
        await(client.closeAsync());
    }
}
