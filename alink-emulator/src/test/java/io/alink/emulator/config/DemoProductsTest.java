package io.alink.emulator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import org.junit.jupiter.api.Test;

class DemoProductsTest {

    @Test
    void givenTheDemoSet_thenItHasAGatewayASubDeviceAndADirectDeviceProduct() {
        assertThat(DemoProducts.products()).extracting(ProductConfig::productKey, ProductConfig::nodeType)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a1GwPk0001", NodeType.GATEWAY),
                        org.assertj.core.groups.Tuple.tuple("a1SubPk001", NodeType.SUB_DEVICE),
                        org.assertj.core.groups.Tuple.tuple("a1DevPk001", NodeType.DEVICE));
        assertThat(DemoProducts.products().get(1).devices()).extracting(d -> d.deviceName())
                .containsExactly("sub01", "sub02", "sub03", "sub04");
    }

    @Test
    void givenTheDescription_thenEveryDeviceIsOnItsOwnLineWithItsSecretOrHowToGetOne() {
        assertThat(DemoProducts.describe())
                .contains("  device a1GwPk0001/gw01 deviceSecret=GwSecret0123456789abcdef01234567",
                        "  device a1SubPk001/sub03 (no secret yet: obtain one by dynamic registration)")
                .anyMatch(line -> line.startsWith("product a1SubPk001 SUB_DEVICE productSecret=SubProductSecret01"));
    }
}
