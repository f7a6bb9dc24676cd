package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.config.ConfigException;
import io.alink.gateway.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gateway.yaml's instanceId and rrpcAnswerWindowMs. */
class PlatformInstanceTest {

    private static final String GATEWAY = "gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: x}\n";

    @TempDir
    Path dir;

    private GatewayFile load(String yaml) throws Exception {
        return GatewayFile.load(Files.writeString(dir.resolve("gateway.yaml"), GATEWAY + yaml));
    }

    @Test
    void givenAnInstanceIdAndAnAnswerWindow_whenLoaded_thenTheClientConfigConnectsToTheInstanceAndAnswersInTime()
            throws Exception {
        GatewayFile file = load("instanceId: iot-06z00abc123\nrrpcAnswerWindowMs: 3000\n");

        GatewayConfig config = file.instance().applyTo(GatewayConfig.builder().productKey("a1GwPk0001")
                .deviceName("gw01").deviceSecret("x")).build();

        assertThat(config.endpoint().host()).isEqualTo("iot-06z00abc123.mqtt.iothub.aliyuncs.com");
        assertThat(config.rrpcAnswerWindow()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void givenNeither_whenLoaded_thenTheRegionsHostAndThePlatformsLongestWindow() throws Exception {
        GatewayFile file = load("");

        assertThat(file.instance()).isEqualTo(new PlatformInstance(null, GatewayConfig.MAX_RRPC_ANSWER_WINDOW));
    }

    @Test
    void givenBadValues_whenLoaded_thenTheKeyIsNamed() {
        assertThatThrownBy(() -> load("instanceId: iot.06z00\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("instanceId: expected an instance id");
        assertThatThrownBy(() -> load("rrpcAnswerWindowMs: 9000\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("rrpcAnswerWindowMs: expected a whole number from 1000 to 8000");
    }
}
