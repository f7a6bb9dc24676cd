package io.alink.gateway;

import static io.alink.gateway.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.DeviceId;
import io.alink.protocol.MqttClientId;
import io.alink.protocol.MqttCredentials;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The endpoint an {@code instanceId} gives, computed only: nothing here connects to it. The registration that carries
 * the instance goes to the emulator on loopback.
 */
class InstanceEndpointTest {

    @RegisterExtension
    static final EmulatorExtension emulator = TestPlatform.emulator();

    @TempDir
    Path store;

    private static GatewayConfig.Builder gateway() {
        return GatewayConfig.builder().productKey("a1GwPk0001").deviceName("gw01").deviceSecret("secret");
    }

    @Test
    void givenAnInstanceId_whenBuilt_thenTheEndpointIsTheInstancesHostOverTls() {
        GatewayConfig config = gateway().instanceId("iot-06z00abc123").build();

        assertThat(config.endpoint()).isEqualTo(new Endpoint("iot-06z00abc123.mqtt.iothub.aliyuncs.com", 1883, true));
        assertThat(config.instanceId()).contains("iot-06z00abc123");
        assertThat(config.toString()).contains("instanceId=iot-06z00abc123");
    }

    @Test
    void givenNoInstanceId_whenBuilt_thenTheEndpointIsStillTheRegionsHost() {
        GatewayConfig config = gateway().region("cn-beijing").build();

        assertThat(config.endpoint()).isEqualTo(Endpoint.platform("a1GwPk0001", "cn-beijing"));
        assertThat(config.instanceId()).isEmpty();
    }

    @Test
    void givenAnInstanceIdAndAnExplicitEndpoint_whenBuilt_thenTheExplicitEndpointWins() {
        GatewayConfig config = gateway().instanceId("iot-06z00abc123").endpoint("127.0.0.1", 1883, false).build();

        assertThat(config.endpoint()).isEqualTo(new Endpoint("127.0.0.1", 1883, false));
    }

    @Test
    void givenAConfigOfOneInstance_whenRebuiltForAnother_thenTheEndpointFollowsTheNewInstance() {
        GatewayConfig first = gateway().instanceId("iot-first01").build();

        GatewayConfig second = first.toBuilder().instanceId("iot-second02").build();

        assertThat(second.endpoint().host()).isEqualTo("iot-second02.mqtt.iothub.aliyuncs.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "iot.06z00", "iot 06z00", "iot_06z00", "i0123456789012345678901234567890123456789"
            + "012345678901234567890123456"})
    void givenAnInstanceIdThatCannotBeAHostLabel_whenBuilt_thenRefusedNamingIt(String instanceId) {
        assertThatThrownBy(() -> gateway().instanceId(instanceId).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("instanceId");
    }

    @Test
    void givenRegistrationCredentials_whenTheInstanceIsAdded_thenTheClientIdCarriesItAndThePasswordIsTheSame() {
        MqttCredentials plain = MqttCredentials.forRegistration(DeviceId.of("a1GwPk0001", "gw01"), "ps", "42", true);

        MqttCredentials withInstance = plain.withClientIdOption(MqttClientId.INSTANCE_ID, "iot-06z00abc123");

        assertThat(MqttClientId.parse(withInstance.clientId()).option(MqttClientId.INSTANCE_ID))
                .contains("iot-06z00abc123");
        assertThat(MqttClientId.parse(withInstance.clientId()).option(MqttClientId.AUTH_TYPE)).contains("register");
        assertThat(withInstance.password()).isEqualTo(plain.password());
    }

    @Test
    void givenAnInstanceId_whenTheGatewayRegistersOverMqtt_thenThePlatformTakesTheRegistrationWithTheInstance() {
        DeviceId gateway = emulator.newUnregisteredGateway();
        GatewayClient client = TestPlatform.client(emulator, GatewayConfig.builder()
                .productKey(gateway.productKey()).deviceName(gateway.deviceName())
                .productSecret(TestPlatform.GATEWAY_PRODUCT_SECRET)
                .instanceId("iot-06z00abc123")
                .endpoint("127.0.0.1", emulator.mqttPort(), false)
                .registrationMode(RegistrationMode.MQTT)
                .requestTimeout(TestPlatform.REQUEST_TIMEOUT)
                .storeDir(store));

        GatewayIdentity identity = await(client.connect());

        assertThat(identity.deviceSecret()).isNotBlank();
    }
}
