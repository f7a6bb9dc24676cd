package io.alink.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicLevelTest {

    @ParameterizedTest(name = "U+{0} is refused in every role")
    @ValueSource(ints = {0x00, 0x01, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x85, 0x9F})
    void givenAControlCharacterWhenCheckedInAnyRoleThenItIsRefusedByCodePoint(int control) {
        String value = "ab" + (char) control + "c";

        for (TopicLevel role : TopicLevel.values()) {
            assertThat(role.problem(value)).as(role.name())
                    .contains(String.format("has the control character U+%04X at position 3", control));
        }
    }

    @ParameterizedTest(name = "''{0}'' is refused in every role")
    @ValueSource(strings = {"a/b", "a+b", "a#b", "a b", "a\u00A0b", "a\u2028b", "a\tb", ""})
    void givenASeparatorWildcardWhitespaceOrNothingWhenCheckedInAnyRoleThenItIsRefused(String value) {
        for (TopicLevel role : TopicLevel.values()) {
            assertThat(role.accepts(value)).as(role.name()).isFalse();
        }
    }

    @Test
    void givenALoneSurrogateWhenCheckedThenItIsRefusedWhileAPairIsJudgedAsOneCharacter() {
        assertThat(TopicLevel.ANY.problem("a\uD800b")).contains("has a lone UTF-16 surrogate at position 2");
        assertThat(TopicLevel.ANY.problem("a\uDC00")).contains("has a lone UTF-16 surrogate at position 2");
        assertThat(TopicLevel.ANY.accepts("a\uD83D\uDE00b")).as("a surrogate pair").isTrue();
        assertThat(TopicLevel.IDENTIFIER.problem("a\uD83D\uDE00b")).hasValueSatisfying(p -> p.startsWith("has U+1F600"));
    }

    @ParameterizedTest(name = "{0} ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', value = {
            "DEVICE_PART | a1B2c3D4e5F | true",
            "DEVICE_PART | dev-01_a@b.c:d | true",
            "DEVICE_PART | 12345678901234567890123456789012 | true",
            "DEVICE_PART | 123456789012345678901234567890123 | false",
            "DEVICE_PART | 设备 | false",
            "DEVICE_PART | a,b | false",
            "IDENTIFIER | alarm_1 | true",
            "IDENTIFIER | low-power | true",
            "IDENTIFIER | module1:alarm | true",
            "IDENTIFIER | :alarm | false",
            "IDENTIFIER | module1: | false",
            "IDENTIFIER | a:b:c | false",
            "IDENTIFIER | a.b | false",
            "IDENTIFIER | 12345678901234567890123456789012345678901234567890 | true",
            "IDENTIFIER | 123456789012345678901234567890123456789012345678901 | false",
            "CUSTOM | aos_test | true",
            "CUSTOM | a-b | false",
            "ANY | thing | true",
            "ANY | 1106633263829622272 | true",
            "ANY | ä-.:@ | true",
    })
    void givenAValueWhenCheckedAgainstItsRoleThenThePlatformsCharactersAndLengthDecide(TopicLevel role, String value,
                                                                                      boolean accepted) {
        assertThat(role.accepts(value)).isEqualTo(accepted);
    }

    @Test
    void givenABadValueWhenRequiredThenTheErrorNamesTheFieldAndTheRuleWithoutQuotingTheValue() {
        assertThatThrownBy(() -> TopicLevel.IDENTIFIER.require("eventId", "a.b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("eventId has '.' at position 2; allowed: letters, digits, '_' and '-'");
        assertThatThrownBy(() -> TopicLevel.DEVICE_PART.require("deviceName", "x".repeat(40)))
                .hasMessage("deviceName is longer than 32 characters (40)");
        assertThatThrownBy(() -> TopicLevel.IDENTIFIER.require("serviceId", "m:a\nb"))
                .hasMessage("serviceId has the control character U+000A at position 4");
    }
}
