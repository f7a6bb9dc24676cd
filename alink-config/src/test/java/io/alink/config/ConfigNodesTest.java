package io.alink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigNodesTest {

    private static ObjectNode yaml(String text) throws Exception {
        return (ObjectNode) new YAMLMapper().readTree(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "port: 99999|the number 99999",
        "port: shanghai|\"shanghai\"",
        "port: true|true",
        "port: [1]|a list",
        "port: {a: 1}|an object",
    })
    void givenAValueOfTheWrongKind_whenAWholeNumberIsRead_thenTheMessageShowsTheValueFound(String line,
                                                                                         String found) {
        assertThatThrownBy(() -> ConfigNodes.optionalInt(yaml(line), "mqtt", "port", 1883, 0, 65535))
                .isInstanceOf(ConfigException.class)
                .hasMessage("mqtt.port: expected a whole number from 0 to 65535, found " + found);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"deviceSecret", "productSecret", "password", "token"})
    void givenAKeyNamedLikeASecret_whenItsValueIsWrong_thenTheMessageShowsOnlyItsKind(String key) {
        assertThatThrownBy(() -> ConfigNodes.optionalText(yaml(key + ": 12345678"), "gateway", key))
                .hasMessage("gateway." + key + ": expected a string, found a number (put it in quotes)")
                .hasMessageNotContaining("12345678");
    }

    @Test
    void givenALongOrControlCharacterValue_whenQuoted_thenItIsCutAndControlCharactersAreReplaced() {
        assertThat(ConfigNodes.quote("a\nb\u0007c")).isEqualTo("\"a?b?c\"");
        assertThat(ConfigNodes.quote("x".repeat(100))).isEqualTo("\"" + "x".repeat(64) + "...\"");
    }

    @Test
    void givenAnUnknownEnumValue_whenRead_thenTheMessageListsTheChoicesAndShowsTheValue() {
        assertThatThrownBy(() -> ConfigNodes.requiredEnum(yaml("nodeType: ROUTER"), "products[0]", "nodeType",
                Kind.class)).hasMessage("products[0].nodeType: expected one of GATEWAY, DEVICE, found \"ROUTER\"");
    }

    private enum Kind { GATEWAY, DEVICE }
}
