package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.DeviceStateAdmin;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.DeviceId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A remote configuration pushed to the sub-devices' product reaches each adapter as a command of kind config. */
class ConfigCommandTest {

    private static final TestGateways GATEWAYS = TestGateways.of(2, 0, "gwcfg");

    @RegisterExtension
    static final EmulatorExtension emulator = GATEWAYS.emulator();

    @TempDir
    Path dir;

    @Test
    void givenSubDevicesOnline_whenTheirProductsConfigIsPut_thenEachAdapterGetsTheVerifiedFileAsAConfigCommand()
            throws Exception {
        Path store = dir.resolve("store");
        Path yaml = Files.writeString(dir.resolve("gateway.yaml"), GATEWAYS.yaml("gwcfg", emulator.mqttPort(), store,
                ""));
        DeviceStateAdmin cloud = emulator.admin().deviceState().orElseThrow();
        String file = "{\"pollMs\":500}";

        try (GatewayDaemon daemon = TestGateways.startDaemon(yaml, store)) {
            Http southbound = new Http(daemon.southboundUri());
            DeviceStateAdmin.ConfigPush pushed = cloud.putConfig(TestGateways.SUB_PK,
                    file.getBytes(StandardCharsets.UTF_8));

            assertThat(pushed.pushedTo()).containsExactlyInAnyOrderElementsOf(GATEWAYS.subDevicesOf("gwcfg"));
            for (DeviceId sub : pushed.pushedTo()) {
                JsonNode commands = southbound.getJson("/v1/devices/" + sub.productKey() + "/" + sub.deviceName()
                        + "/commands?waitMs=30000");
                assertThat(commands).singleElement().satisfies(command -> {
                    assertThat(command.path("kind").asText()).isEqualTo("config");
                    assertThat(command.path("identifier").asText()).isEqualTo(pushed.file().configId());
                    assertThat(command.at("/params/content").asText()).isEqualTo(file);
                    assertThat(command.at("/params/sign").asText()).isEqualTo(pushed.file().sign());
                });
            }
        }
    }
}
