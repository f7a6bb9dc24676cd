package io.alink.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicFiltersTest {

    @ParameterizedTest(name = "{0} belongs to {1}/{2}")
    @CsvSource({
            "/a1GwPk0001/gw01/user/aos_test, a1GwPk0001, gw01",
            "/a1GwPk0001/gw01/user/#, a1GwPk0001, gw01",
            "/a1GwPk0001/gw01/user/+/state, a1GwPk0001, gw01",
            "/sys/a1SubPk001/sub01/thing/service/+, a1SubPk001, sub01",
            "/sys/a1SubPk001/sub01/thing/#, a1SubPk001, sub01",
            "/sys/a1SubPk001/sub01/#, a1SubPk001, sub01",
            "/ext/ntp/a1GwPk0001/gw01/response, a1GwPk0001, gw01",
            "/ext/error/a1GwPk0001/gw01, a1GwPk0001, gw01",
            "/shadow/get/a1GwPk0001/gw01, a1GwPk0001, gw01",
            "/sys/a1GwPk0001/gw01/thing/config/push, a1GwPk0001, gw01",
    })
    void givenAFilterBelowADevicePrefixWhenAskedForItsOwnerThenItIsThatDevice(String filter, String pk, String dn) {
        assertThat(TopicFilters.isValid(filter)).isTrue();
        assertThat(TopicFilters.owner(filter)).contains(DeviceId.of(pk, dn));
    }

    @ParameterizedTest(name = "{0} has no owner")
    @ValueSource(strings = {"/+/gw01/user/x", "/a1GwPk0001/+/user/x", "/sys/+/+/thing/#", "/#", "#", "/ext/register",
            "/broadcast/a1GwPk0001/x", "/a1GwPk0001/gw01/user/a#", "/a1GwPk0001/gw01/user/#/x", "", "no-slash"})
    void givenAWildcardOverTheDeviceOrNoDeviceWhenAskedForItsOwnerThenThereIsNone(String filter) {
        assertThat(TopicFilters.owner(filter)).isEmpty();
    }

    @ParameterizedTest(name = "{0} is malformed")
    @ValueSource(strings = {"/a/b+/c", "/a/#/c", "/a/b#", ""})
    void givenAWildcardThatIsNotAWholeLevelWhenCheckedThenTheFilterIsInvalid(String filter) {
        assertThat(TopicFilters.isValid(filter)).isFalse();
    }

    @Test
    void givenAFilterWhenItsProblemIsAskedThenWildcardsAreJudgedAsWholeLevelsAndRealPartsByTheirRule() {
        assertThat(TopicFilters.problem("/sys/a1SubPk001/sub01/thing/event/+/post_reply")).isEmpty();
        assertThat(TopicFilters.problem("/sys/+/+/thing/#")).as("not owned, but well formed").isEmpty();
        assertThat(TopicFilters.problem("/a1SubPk001/sub01/user/a\nb/#"))
                .contains("level 4 has the control character U+000A at position 2");
        assertThat(TopicFilters.problem("/a1SubPk001/sub01/user/a#")).hasValueSatisfying(p -> p.contains("whole level"));
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "/a/b/user/#, /a/b/user/x/y, true",
            "/a/b/user/#, /a/b/user, true",
            "/a/b/user/+, /a/b/user/x, true",
            "/a/b/user/+, /a/b/user/x/y, false",
            "/a/b/user/x, /a/b/user/x, true",
            "/a/b/user/x, /a/b/user/y, false",
            "/a/b/user/x, /a/b/user, false",
            "/sys/a/b/thing/event/+/post_reply, /sys/a/b/thing/event/property/post_reply, true",
    })
    void givenAFilterWhenMatchedAgainstATopicThenTheMqttRulesApply(String filter, String topic, boolean matches) {
        assertThat(TopicFilters.matches(filter, topic)).isEqualTo(matches);
    }

    @Test
    void givenAKindWithAVariableLevelWhenAskedForAllItsDetailsThenTheLevelIsAWildcard() {
        DeviceId sub = DeviceId.of("a1SubPk001", "sub01");

        assertThat(TopicFilters.anyDetail(TopicKind.SERVICE, sub, false))
                .isEqualTo("/sys/a1SubPk001/sub01/thing/service/+");
        assertThat(TopicFilters.anyDetail(TopicKind.EVENT_POST, sub, true))
                .isEqualTo("/sys/a1SubPk001/sub01/thing/event/+/post_reply");
    }
}
