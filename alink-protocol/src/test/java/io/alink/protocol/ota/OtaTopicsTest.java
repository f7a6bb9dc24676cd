package io.alink.protocol.ota;

import static org.assertj.core.api.Assertions.assertThat;

import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import org.junit.jupiter.api.Test;

class OtaTopicsTest {

    private static final DeviceId SUB = DeviceId.of("a1SubPk001", "sub01");

    @Test
    void everyOtaTopicIsBuiltAsThePlatformDocumentsIt() {
        // given a sub-device
        // when its OTA topics are built
        // then they are the documented ones
        assertThat(OtaTopics.inform(SUB)).isEqualTo("/ota/device/inform/a1SubPk001/sub01");
        assertThat(OtaTopics.upgrade(SUB)).isEqualTo("/ota/device/upgrade/a1SubPk001/sub01");
        assertThat(OtaTopics.progress(SUB)).isEqualTo("/ota/device/progress/a1SubPk001/sub01");
        assertThat(OtaTopics.firmwareGet(SUB)).isEqualTo("/sys/a1SubPk001/sub01/thing/ota/firmware/get");
        assertThat(OtaTopics.firmwareGetReply(SUB)).isEqualTo("/sys/a1SubPk001/sub01/thing/ota/firmware/get_reply");
    }

    @Test
    void everyOtaTopicParsesBackToItsKindAndDevice() {
        for (OtaTopics.Kind kind : OtaTopics.Kind.values()) {
            // given the topic of a kind
            String topic = kind.topic(SUB);
            // when it is parsed
            // then kind and device come back
            assertThat(OtaTopics.parse(topic)).contains(new OtaTopics.Parsed(kind, SUB));
        }
    }

    @Test
    void otherTopicsAndBadDevicesAreNoOtaTopics() {
        assertThat(OtaTopics.parse("/sys/a1SubPk001/sub01/thing/event/property/post")).isEmpty();
        assertThat(OtaTopics.parse("/ota/device/request/a1SubPk001/sub01")).isEmpty();
        assertThat(OtaTopics.parse("/ota/device/inform/a1SubPk001/bad name")).isEmpty();
        assertThat(OtaTopics.parse("/ota/device/inform/a1SubPk001")).isEmpty();
    }

    @Test
    void onlyTheFirmwareGetIsRepliedTo() {
        assertThat(TopicKind.OTA_FIRMWARE_GET.isReplied()).isTrue();
        assertThat(TopicKind.OTA_FIRMWARE_GET.method()).isEqualTo("thing.ota.firmware.get");
        assertThat(TopicKind.OTA_INFORM.isReplied()).isFalse();
        assertThat(TopicKind.OTA_PROGRESS.isReplied()).isFalse();
        assertThat(TopicKind.OTA_UPGRADE.isReplied()).isFalse();
    }
}
