package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.config.ConfigException;
import io.alink.protocol.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OTA keys of gateway.yaml: the gateway's hook and version, and the sub-devices' versions. */
class OtaSettingsTest {

    private static final String GATEWAY = "gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: x}\n";

    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        return Files.writeString(dir.resolve("gateway.yaml"), GATEWAY + yaml);
    }

    @Test
    void givenTheOtaKeys_whenLoaded_thenTheHookAndTheVersionsAreRead() throws Exception {
        GatewayFile file = GatewayFile.load(file("""
                subDevices:
                  - {productKey: a1SubPk001, deviceName: sub01, deviceSecret: s1, version: 1.2.0}
                  - {productKey: a1SubPk001, deviceName: sub02, deviceSecret: s2}
                ota: {gatewayCommand: [/usr/local/bin/install-firmware, --reboot], version: "3.1"}
                """));

        assertThat(file.ota().gatewayCommand()).containsExactly("/usr/local/bin/install-firmware", "--reboot");
        assertThat(file.ota().gatewayVersion()).isEqualTo("3.1");
        assertThat(file.ota().versions()).isEqualTo(Map.of(DeviceId.of("a1SubPk001", "sub01"), "1.2.0"));
    }

    @Test
    void givenNoOtaKeys_whenLoaded_thenThereIsNoHookAndNothingToInform() throws Exception {
        GatewayFile file = GatewayFile.load(file(""));

        assertThat(file.ota()).isEqualTo(new OtaSettings(List.of(), null, Map.of()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ota: {gatewayCommand: []}|ota.gatewayCommand: expected the program and its arguments",
        "ota: {gatewayCommand: /bin/install}|ota.gatewayCommand: expected a list",
        "ota: {gatewayCommand: [/bin/install, '']}|ota.gatewayCommand[1]: expected a non-empty string",
        "ota: {gatewayCommand: [/bin/install], hook: x}|ota.hook: unknown key; expected one of gatewayCommand, version",
        "ota: {version: ''}|ota.version: expected a non-empty string",
        "ota: {version: \"a\\tb\"}|ota.version: version holds control characters",
        "subDevices: [{productKey: a1SubPk001, deviceName: sub01, deviceSecret: s, version: 1.0}]|"
                + "subDevices[0].version: expected a string, found the number 1.0 (put it in quotes)",
        "register: [{productKey: a1SubPk001, deviceName: sub01, version: '1.0'}]|unknown key 'register[0].version'",
    })
    void givenABadOtaKey_whenLoaded_thenItsPathAndTheExpectationAreNamed(String line, String message)
            throws Exception {
        Path file = file(line + "\n");

        assertThatThrownBy(() -> GatewayFile.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": ").hasMessageContaining(message);
    }
}
