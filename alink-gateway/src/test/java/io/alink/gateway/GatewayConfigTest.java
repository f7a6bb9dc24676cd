package io.alink.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.gateway.outbox.OutboxLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GatewayConfigTest {

    private static GatewayConfig.Builder valid() {
        return GatewayConfig.builder().productKey("a1GwPk0001").deviceName("gw01").deviceSecret("GwSecret0123");
    }

    @Test
    void givenOnlyTheIdentity_whenBuilt_thenThePlatformDefaultsApply() {
        GatewayConfig config = valid().build();

        assertThat(config.endpoint()).isEqualTo(new Endpoint("a1GwPk0001.iot-as-mqtt.cn-shanghai.aliyuncs.com", 443, true));
        assertThat(config.registrationUri()).hasToString("https://iot-auth.cn-shanghai.aliyuncs.com/auth/register/device");
        assertThat(config.keepAliveSeconds()).isEqualTo(60);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.registrationMode()).isEqualTo(RegistrationMode.HTTPS);
        assertThat(config.maxLoginsPerSecond()).isEqualTo(200);
        assertThat(config.storeDir()).isEqualTo(GatewayConfig.defaultStoreDir());
        assertThat(config.callbackExecutor()).isEmpty();
        assertThat(config.reconnectMinDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.reconnectMaxDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.outbox()).as("no outbox unless asked for").isEmpty();
    }

    @Test
    void givenAnEndpoint_whenBuilt_thenItIsTheOneConnectedToAndNullGoesBackToThePlatforms() {
        Endpoint emulator = new Endpoint("127.0.0.1", 1883, false);

        assertThat(valid().endpoint(emulator).build().endpoint()).isEqualTo(emulator);
        assertThat(valid().endpoint(emulator).endpoint((Endpoint) null).build().endpoint())
                .isEqualTo(Endpoint.platform("a1GwPk0001", GatewayConfig.DEFAULT_REGION));
    }

    @Test
    void givenAnOutboxAndReconnectDelays_whenBuilt_thenTheyAreKeptAndSurviveToBuilder() {
        GatewayConfig config = valid().outbox(OutboxLimits.DEFAULT)
                .reconnectDelay(Duration.ofMillis(200), Duration.ofSeconds(5)).build();

        assertThat(config.outbox()).contains(OutboxLimits.DEFAULT);
        assertThat(config.toBuilder().build().reconnectMaxDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.toBuilder().build().outbox()).contains(OutboxLimits.DEFAULT);
    }

    @Test
    void givenARegion_whenBuilt_thenThePlatformHostsAreThatRegions() {
        GatewayConfig config = valid().region("ap-southeast-1").build();

        assertThat(config.endpoint().host()).isEqualTo("a1GwPk0001.iot-as-mqtt.ap-southeast-1.aliyuncs.com");
        assertThat(config.registrationUri().getHost()).isEqualTo("iot-auth.ap-southeast-1.aliyuncs.com");
    }

    @Test
    void givenAConfig_whenPrinted_thenNoSecretShows() {
        GatewayConfig config = valid().productSecret("ProductSecret99").build();

        assertThat(config.toString()).doesNotContain("GwSecret0123", "ProductSecret99").contains("gw01");
        assertThat(config.toBuilder().build().toString()).isEqualTo(config.toString());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("no productKey", (UnaryOperator<GatewayConfig.Builder>) b -> b.productKey(null)),
                Arguments.of("empty deviceName", (UnaryOperator<GatewayConfig.Builder>) b -> b.deviceName("")),
                Arguments.of("deviceName with a slash", (UnaryOperator<GatewayConfig.Builder>) b -> b.deviceName("g/w")),
                Arguments.of("no secret", (UnaryOperator<GatewayConfig.Builder>) b -> b.deviceSecret(null)),
                Arguments.of("empty secret", (UnaryOperator<GatewayConfig.Builder>) b -> b.productSecret("")),
                Arguments.of("keepalive 29", (UnaryOperator<GatewayConfig.Builder>) b -> b.keepAliveSeconds(29)),
                Arguments.of("keepalive 1201", (UnaryOperator<GatewayConfig.Builder>) b -> b.keepAliveSeconds(1201)),
                Arguments.of("bad region", (UnaryOperator<GatewayConfig.Builder>) b -> b.region("Shanghai/1")),
                Arguments.of("zero timeout", (UnaryOperator<GatewayConfig.Builder>) b -> b.requestTimeout(Duration.ZERO)),
                Arguments.of("missing CA file", (UnaryOperator<GatewayConfig.Builder>) b -> b.caFile(Path.of("/nope.pem"))),
                Arguments.of("no login rate", (UnaryOperator<GatewayConfig.Builder>) b -> b.maxLoginsPerSecond(0)),
                Arguments.of("port 0", (UnaryOperator<GatewayConfig.Builder>) b -> b.endpoint("127.0.0.1", 0, false)),
                Arguments.of("zero reconnect delay", (UnaryOperator<GatewayConfig.Builder>)
                        b -> b.reconnectDelay(Duration.ZERO, Duration.ofSeconds(1))),
                Arguments.of("reconnect max below min", (UnaryOperator<GatewayConfig.Builder>)
                        b -> b.reconnectDelay(Duration.ofSeconds(2), Duration.ofSeconds(1))),
                Arguments.of("no reconnect max", (UnaryOperator<GatewayConfig.Builder>)
                        b -> b.reconnectDelay(Duration.ofSeconds(1), null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void givenAMissingOrOutOfRangeField_whenBuilt_thenItIsRefusedByName(String what,
                                                                       UnaryOperator<GatewayConfig.Builder> change) {
        assertThatThrownBy(() -> change.apply(valid()).build()).isInstanceOf(InvalidRequestException.class)
                .hasMessageNotContaining("GwSecret0123");
    }
}
