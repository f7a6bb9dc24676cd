package io.alink.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyCodeTest {

    @ParameterizedTest
    @ValueSource(ints = {ReplyCode.AUTH_ERROR, ReplyCode.TOO_MANY_REQUESTS, ReplyCode.NO_ACTIVE_SESSION,
            ReplyCode.DEVICE_NOT_FOUND, ReplyCode.DEVICE_DISABLED, ReplyCode.TOPO_CANNOT_ADD_SELF,
            ReplyCode.TOPO_RELATION_NOT_EXIST, ReplyCode.TOO_MANY_SUB_DEVICES, ReplyCode.DYNAMIC_REGISTRATION_DISABLED,
            ReplyCode.DEVICE_ALREADY_ACTIVATED})
    void givenARefusalAboutTheDevice_whenAskedForAHint_thenThereIsOneSayingMoreThanTheCodesOwnMessage(int code) {
        assertThat(ReplyCode.hint(code)).hasValueSatisfying(hint ->
                assertThat(hint).isNotEqualTo(ReplyCode.defaultMessage(code)).hasSizeGreaterThan(20));
    }

    @Test
    void givenAnAlreadyActivatedDevice_whenAskedForAHint_thenItPointsAtTheStoreFolder() {
        assertThat(ReplyCode.hint(ReplyCode.DEVICE_ALREADY_ACTIVATED)).hasValueSatisfying(hint -> assertThat(hint)
                .startsWith("already activated").contains("the secret issued then is in the store folder")
                .endsWith("was it deleted?"));
    }

    @ParameterizedTest
    @ValueSource(ints = {ReplyCode.SUCCESS, ReplyCode.SERVER_ERROR, 12345})
    void givenACodeThatSaysAllThereIs_whenAskedForAHint_thenThereIsNone(int code) {
        assertThat(ReplyCode.hint(code)).isEmpty();
    }

    @Test
    void givenAPlatformMessageThatSaysWhatTheHintBeginsWith_whenExplained_thenThatIsNotSaidTwice() {
        assertThat(ReplyCode.explained(ReplyCode.DEVICE_ALREADY_ACTIVATED, "device already activated"))
                .startsWith("device already activated: the platform issues a secret only once")
                .containsOnlyOnce("already activated");
        assertThat(ReplyCode.explained(ReplyCode.DEVICE_ALREADY_ACTIVATED, "设备已激活"))
                .isEqualTo("设备已激活: " + ReplyCode.hint(ReplyCode.DEVICE_ALREADY_ACTIVATED).orElseThrow());
        assertThat(ReplyCode.explained(ReplyCode.SERVER_ERROR, "server error")).isEqualTo("server error");
    }
}
