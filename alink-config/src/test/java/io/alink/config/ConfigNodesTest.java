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
        assertThat(ConfigNodes.quote("a\u0007b\u0000c")).isEqualTo("\"a?b?c\"");
        assertThat(ConfigNodes.quote("x".repeat(100))).isEqualTo("\"" + "x".repeat(64) + "...\"");
    }

    @Test
    void givenAValueThatRanOnIntoTheNextLines_whenQuoted_thenOnlyWhatCameBeforeTheFirstBlankOrQuoteIsShown() {
        // a quote left open before "::1" folds the lines after it into the host, the secret among them
        String ranOn = "::1 deviceName: gw01 deviceSecret: 'qZ8sEcReTvAlUe5' subDevices:";

        assertThat(ConfigNodes.quote(ranOn)).isEqualTo("\"::1...\"");
        assertThat(ConfigNodes.quote("::1\ndeviceSecret: x")).isEqualTo("\"::1...\"");
        assertThat(ConfigNodes.quote("::1'deviceSecret")).isEqualTo("\"::1...\"");
        assertThat(ConfigNodes.quote("ROUTER")).isEqualTo("\"ROUTER\"");
    }

    @Test
    void givenAnUnknownEnumValue_whenRead_thenTheMessageListsTheChoicesAndShowsTheValue() {
        assertThatThrownBy(() -> ConfigNodes.requiredEnum(yaml("nodeType: ROUTER"), "products[0]", "nodeType",
                Kind.class)).hasMessage("products[0].nodeType: expected one of GATEWAY, DEVICE, found \"ROUTER\"");
    }

    private enum Kind { GATEWAY, DEVICE }
}
