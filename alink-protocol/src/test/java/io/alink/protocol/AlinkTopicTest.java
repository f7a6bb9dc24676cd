package io.alink.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AlinkTopicTest {

    private static final DeviceId GW = DeviceId.of("a1GwPk0001", "gw01");
    private static final DeviceId SUB = DeviceId.of("a1SubPk001", "sub01");

    @ParameterizedTest(name = "{0} parses as {1}")
    @CsvSource({
            "/sys/a1GwPk0001/gw01/thing/topo/add, TOPO_ADD, a1GwPk0001, gw01, , false",
            "/sys/a1GwPk0001/gw01/thing/topo/add_reply, TOPO_ADD, a1GwPk0001, gw01, , true",
            "/sys/a1GwPk0001/gw01/thing/topo/add/notify, TOPO_ADD_NOTIFY, a1GwPk0001, gw01, , false",
            "/sys/a1GwPk0001/gw01/thing/topo/delete, TOPO_DELETE, a1GwPk0001, gw01, , false",
            "/sys/a1GwPk0001/gw01/thing/topo/get_reply, TOPO_GET, a1GwPk0001, gw01, , true",
            "/sys/a1GwPk0001/gw01/thing/topo/change, TOPO_CHANGE, a1GwPk0001, gw01, , false",
            "/sys/a1GwPk0001/gw01/thing/sub/register, SUB_REGISTER, a1GwPk0001, gw01, , false",
            "/sys/a1SubPk001/sub01/thing/event/property/post, PROPERTY_POST, a1SubPk001, sub01, , false",
            "/sys/a1SubPk001/sub01/thing/event/property/batch/post, PROPERTY_BATCH_POST, a1SubPk001, sub01, , false",
            "/sys/a1SubPk001/sub01/thing/event/lowpower/post, EVENT_POST, a1SubPk001, sub01, lowpower, false",
            "/sys/a1SubPk001/sub01/thing/event/lowpower/post_reply, EVENT_POST, a1SubPk001, sub01, lowpower, true",
            "/sys/a1SubPk001/sub01/thing/service/property/set, PROPERTY_SET, a1SubPk001, sub01, , false",
            "/sys/a1SubPk001/sub01/thing/service/reboot, SERVICE, a1SubPk001, sub01, reboot, false",
            "/sys/a1SubPk001/sub01/thing/service/reboot_reply, SERVICE, a1SubPk001, sub01, reboot, true",
            "/sys/a1SubPk001/sub01/thing/deviceinfo/update, DEVICEINFO_UPDATE, a1SubPk001, sub01, , false",
            "/sys/a1SubPk001/sub01/thing/model/up_raw, UP_RAW, a1SubPk001, sub01, , false",
            "/sys/a1SubPk001/sub01/thing/disable, DISABLE, a1SubPk001, sub01, , false",
            "/sys/a1SubPk001/sub01/rrpc/request/1234, RRPC_REQUEST, a1SubPk001, sub01, 1234, false",
            "/sys/a1SubPk001/sub01/rrpc/response/1234, RRPC_RESPONSE, a1SubPk001, sub01, 1234, false",
            "/sys/a1GwPk0001/gw01/thing/config/get, CONFIG_GET, a1GwPk0001, gw01, , false",
            "/sys/a1GwPk0001/gw01/thing/dynamicTsl/get, SYS_OTHER, a1GwPk0001, gw01, thing/dynamicTsl/get, false",
            "/ext/session/a1GwPk0001/gw01/combine/login, LOGIN, a1GwPk0001, gw01, , false",
            "/ext/session/a1GwPk0001/gw01/combine/batch_login_reply, BATCH_LOGIN, a1GwPk0001, gw01, , true",
            "/ext/session/a1GwPk0001/gw01/combine/batch_logout, BATCH_LOGOUT, a1GwPk0001, gw01, , false",
            "/ext/ntp/a1GwPk0001/gw01/request, NTP_REQUEST, a1GwPk0001, gw01, , false",
            "/ext/ntp/a1SubPk001/sub01/response, NTP_RESPONSE, a1SubPk001, sub01, , false",
            "/ext/error/a1SubPk001/sub01, ERROR, a1SubPk001, sub01, , false",
            "/a1GwPk0001/gw01/user/aos_test, CUSTOM, a1GwPk0001, gw01, aos_test, false",
            "/a1GwPk0001/gw01/user/a/b, CUSTOM, a1GwPk0001, gw01, a/b, false",
            "/ota/device/inform/a1GwPk0001/gw01, OTA_INFORM, a1GwPk0001, gw01, , false",
            "/ota/device/upgrade/a1SubPk001/sub01, OTA_UPGRADE, a1SubPk001, sub01, , false",
            "/ota/device/progress/a1SubPk001/sub01, OTA_PROGRESS, a1SubPk001, sub01, , false",
            "/sys/a1SubPk001/sub01/thing/ota/firmware/get_reply, OTA_FIRMWARE_GET, a1SubPk001, sub01, , true",
            "/ota/device/request/a1GwPk0001/gw01, DEVICE_OTHER, a1GwPk0001, gw01, /ota/device/request/a1GwPk0001/gw01, false",
            "/shadow/get/a1GwPk0001/gw01, SHADOW_GET, a1GwPk0001, gw01, , false",
            "/shadow/update/a1GwPk0001/gw01, SHADOW_UPDATE, a1GwPk0001, gw01, , false",
    })
    void everyTopicOfTheSpecParsesToItsKindDeviceAndDetail(String topic, TopicKind kind, String pk, String dn,
                                                           String detail, boolean reply) {
        AlinkTopic parsed = AlinkTopic.parse(topic).orElseThrow();

        assertThat(parsed.kind()).isEqualTo(kind);
        assertThat(parsed.device()).isEqualTo(DeviceId.of(pk, dn));
        assertThat(parsed.detail()).isEqualTo(detail);
        assertThat(parsed.reply()).isEqualTo(reply);
        assertThat(parsed.topic()).as("round trip").isEqualTo(topic);
    }

    @Test
    void builtTopicsPairWithTheirReplies() {
        assertThat(AlinkTopic.of(TopicKind.TOPO_ADD, GW).replyTopic().topic())
                .isEqualTo("/sys/a1GwPk0001/gw01/thing/topo/add_reply");
        assertThat(AlinkTopic.of(TopicKind.BATCH_LOGIN, GW).replyTopic().topic())
                .isEqualTo("/ext/session/a1GwPk0001/gw01/combine/batch_login_reply");
        assertThat(AlinkTopic.of(TopicKind.SERVICE, SUB, "reboot").replyTopic().topic())
                .isEqualTo("/sys/a1SubPk001/sub01/thing/service/reboot_reply");
        assertThat(AlinkTopic.of(TopicKind.NTP_REQUEST, SUB).topic()).isEqualTo("/ext/ntp/a1SubPk001/sub01/request");
        assertThat(AlinkTopic.of(TopicKind.ERROR, SUB).topic()).isEqualTo("/ext/error/a1SubPk001/sub01");
        assertThat(AlinkTopic.custom(GW, "aos_test").topic()).isEqualTo("/a1GwPk0001/gw01/user/aos_test");
        assertThat(AlinkTopic.of(TopicKind.SERVICE, SUB, "reboot").replyTopic().requestTopic())
                .isEqualTo(AlinkTopic.of(TopicKind.SERVICE, SUB, "reboot"));
    }

    @Test
    void broadcastAndRegistrationTopicsCarryNoDevice() {
        AlinkTopic broadcast = AlinkTopic.parse("/broadcast/a1SubPk001/firmware").orElseThrow();
        assertThat(broadcast.kind()).isEqualTo(TopicKind.BROADCAST);
        assertThat(broadcast.productKey()).isEqualTo("a1SubPk001");
        assertThat(AlinkTopic.broadcast("a1SubPk001", "firmware")).isEqualTo(broadcast);
        assertThat(AlinkTopic.parse("/ext/register").orElseThrow().kind()).isEqualTo(TopicKind.REGISTER);
        assertThat(AlinkTopic.parse("/ext/regnwl").orElseThrow().kind()).isEqualTo(TopicKind.REGNWL);
    }

    @Test
    void anExtRrpcTopicBelongsToTheDeviceOfTheTopicItWraps() {
        AlinkTopic rrpc = AlinkTopic.parse("/ext/rrpc/77/sys/a1SubPk001/sub01/thing/service/reboot").orElseThrow();
        assertThat(rrpc.kind()).isEqualTo(TopicKind.EXT_RRPC);
        assertThat(rrpc.device()).isEqualTo(SUB);
        assertThat(rrpc.topic()).isEqualTo("/ext/rrpc/77/sys/a1SubPk001/sub01/thing/service/reboot");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sys/a/b/thing/topo/add", "/sys/a/b", "/sys//gw/thing/topo/add", "/sys/+/gw/thing/x",
            "/a1GwPk0001/gw01/user/#", "/ext/session/a/b/combine/nonsense", "/ext/ntp/a/b/c/d", "/", "//"})
    void malformedOrWildcardTopicsDoNotParse(String topic) {
        assertThat(AlinkTopic.parse(topic)).isEmpty();
    }

    @Test
    void aDetailMustBeASingleLevel() {
        assertThatThrownBy(() -> AlinkTopic.of(TopicKind.SERVICE, SUB, "a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlinkTopic.of(TopicKind.EVENT_POST, SUB)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceId.of("pk", "d/n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenAnIdentifierWithAControlCharacterWhenATopicIsBuiltThenItIsRefusedNamingTheField() {
        assertThatThrownBy(() -> AlinkTopic.of(TopicKind.EVENT_POST, SUB, "a\nb"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("eventId has the control character U+000A at position 2");
        assertThatThrownBy(() -> AlinkTopic.of(TopicKind.SERVICE, SUB, "\u0000"))
                .hasMessage("serviceId has the control character U+0000 at position 1");
        assertThatThrownBy(() -> AlinkTopic.custom(SUB, "ok/a\u007Fb"))
                .hasMessage("custom topic level 2 (after /user/) has the control character U+007F at position 2");
        assertThatThrownBy(() -> AlinkTopic.of(TopicKind.SYS_OTHER, SUB, "thing/a\rb"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceId.of("a1SubPk001", "sub\u001F"))
                .hasMessage("deviceName has the control character U+001F at position 4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/sys/a1SubPk001/sub01/thing/event/a\nb/post", "/sys/a1SubPk001/sub01/thing/service/a.b",
            "/a1SubPk001/sub01/user/a\u0000", "/sys/a1SubPk001/sub\u007F/thing/event/property/post",
            "/a1SubPk001/sub01/user/a-b", "/sys/a1SubPk001/sub01/thing/\uD800"})
    void givenATopicWithAPartThatBreaksItsRuleWhenParsedThenItIsNoTopicAndItsProblemIsNamed(String topic) {
        assertThat(AlinkTopic.parse(topic)).isEmpty();
        assertThat(AlinkTopic.problem(topic)).isPresent();
    }

    @Test
    void givenATopicWhenItsProblemIsAskedThenTheLevelOrThePartIsNamed() {
        assertThat(AlinkTopic.problem("/sys/a1SubPk001/sub01/thing/event/a\nb/post"))
                .contains("level 6 has the control character U+000A at position 2");
        assertThat(AlinkTopic.problem("/sys/a1SubPk001/sub01/thing/event/a.b/post"))
                .contains("eventId has '.' at position 2; allowed: letters, digits, '_' and '-'");
        assertThat(AlinkTopic.problem("/sys/a1SubPk001/sub01/thing/event/alarm/post")).isEmpty();
        assertThat(AlinkTopic.problem("/some/unknown/topic")).as("an unknown shape is no problem").isEmpty();
        assertThat(AlinkTopic.problem("no/slash")).contains("does not start with '/'");
    }

    @Test
    void platformDownlinkKindsAreTheOnesTheCloudSends() {
        assertThat(TopicKind.SERVICE.isPlatformDownlink()).isTrue();
        assertThat(TopicKind.TOPO_CHANGE.isPlatformDownlink()).isTrue();
        assertThat(TopicKind.PROPERTY_POST.isPlatformDownlink()).isFalse();
    }
}
