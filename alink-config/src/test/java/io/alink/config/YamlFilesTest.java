package io.alink.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class YamlFilesTest {

    @Test
    void givenBrokenYamlNextToASecret_whenParsed_thenThePositionAndProblemAreSaidButNotTheSecret() {
        byte[] yaml = "gateway: {deviceSecret: 'Gw5ecret0123', productKey: [\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> YamlFiles.parse(Path.of("gateway.yaml"), yaml, "a mapping"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("gateway.yaml: line 1, column 54: not valid YAML: while parsing a flow node: expected")
                .hasMessageNotContaining("Gw5ecret0123");
    }

    @Test
    void givenASecretWrittenIntoAKeyTwice_whenParsed_thenTheDuplicateIsNamedUpToItsColonOnly() {
        // without a blank after the colon, "deviceSecret:Gw5ecret0123" is one key to YAML, and here it is given twice
        byte[] yaml = "gateway:\n  deviceSecret:Gw5ecret0123: 1\n  deviceSecret:Gw5ecret0123: 2\n"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> YamlFiles.parse(Path.of("gateway.yaml"), yaml, "a mapping"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML: Duplicate field 'deviceSecret:...'")
                .hasMessageNotContaining("Gw5ecret0123");
    }
}
