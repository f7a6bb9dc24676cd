package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.emulator.DeviceStateAdmin;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.DeviceId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A remote configuration pushed to the sub-devices' product reaches each adapter as a command of kind config. */
class ConfigCommandTest {

    private static final TestGateways GATEWAYS = TestGateways.of(2, 0, "gwcfg");
    private static final List<DeviceId> SUBS = GATEWAYS.subDevicesOf("gwcfg");

    @TempDir
    static Path dir;

    @RegisterExtension
    static final EmulatorExtension emulator = GATEWAYS.emulator();

    private static GatewayDaemon daemon;
    private static Http southbound;

    @BeforeAll
    static void startTheDaemon() throws Exception {
        Path yaml = Files.writeString(dir.resolve("gateway.yaml"),
                GATEWAYS.yaml("gwcfg", emulator.mqttPort(), dir.resolve("store"), ""));
        daemon = TestGateways.startDaemon(yaml, dir.resolve("store"));
        southbound = new Http(daemon.southboundUri());
    }

    @AfterAll
    static void stopTheDaemon() {
        daemon.close();
    }

    @Test
    void givenSubDevicesOnline_whenTheirProductsConfigIsPut_thenEachAdapterGetsTheVerifiedFileAsAConfigCommand() {
        DeviceStateAdmin cloud = emulator.admin().deviceState().orElseThrow();
        String file = "{\"pollMs\":500}";

        DeviceStateAdmin.ConfigPush pushed = cloud.putConfig(TestGateways.SUB_PK, file.getBytes(StandardCharsets.UTF_8));

        assertThat(pushed.pushedTo()).containsExactlyInAnyOrderElementsOf(SUBS);
        for (DeviceId sub : SUBS) {
            JsonNode commands = southbound.getJson("/v1/devices/" + sub.productKey() + "/" + sub.deviceName()
                    + "/commands?waitMs=10000");
            assertThat(commands).singleElement().satisfies(command -> {
                assertThat(command.path("kind").asText()).isEqualTo("config");
                assertThat(command.path("identifier").asText()).isEqualTo(pushed.file().configId());
                assertThat(command.at("/params/content").asText()).isEqualTo(file);
                assertThat(command.at("/params/sign").asText()).isEqualTo(pushed.file().sign());
            });
        }
    }
}
