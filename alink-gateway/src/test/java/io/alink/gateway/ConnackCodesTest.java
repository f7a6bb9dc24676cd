package io.alink.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.alink.protocol.DeviceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnackCodesTest {

    private static final DeviceId GATEWAY = DeviceId.of("a1GwPk0001", "gw01");

    @Test
    void givenBadCredentials_whenExplained_thenTheSentenceNamesTheSecretToCheckAndWhose() {
        assertThat(ConnackCodes.explain(4, GATEWAY, false))
                .isEqualTo("bad user name or password: check deviceSecret for a1GwPk0001/gw01");
        assertThat(ConnackCodes.explain(4, GATEWAY, true))
                .isEqualTo("bad user name or password: check productSecret for product a1GwPk0001");
    }

    @Test
    void givenARefusedRegistration_whenExplained_thenAnActivatedDeviceIsOneOfTheReasonsGiven() {
        assertThat(ConnackCodes.explain(5, GATEWAY, true))
                .contains("a1GwPk0001/gw01", "already activated", "store folder; was it deleted?");
        assertThat(ConnackCodes.explain(5, GATEWAY, false)).contains("a1GwPk0001/gw01", "disabled")
                .doesNotContain("activated");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void givenAnyReturnCode_whenExplained_thenItIsASentenceOfItsOwn(int code) {
        assertThat(ConnackCodes.explain(code, GATEWAY, false)).hasSizeGreaterThan(20)
                .isNotEqualTo(ConnackCodes.explain(code % 6 + 1, GATEWAY, false));
    }
}
