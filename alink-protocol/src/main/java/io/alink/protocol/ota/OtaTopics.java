package io.alink.protocol.ota;

import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import java.util.Objects;
import java.util.Optional;

/**
 * The topics of OTA upgrades. A gateway uses its sub-devices' own topics, through its connection, as for every
 * other system topic.
 */
public final class OtaTopics {

    /** What an OTA topic carries. */
    public enum Kind {
        /** {@code /ota/device/inform/{pk}/{dn}}: device to platform, the running version. */
        INFORM(TopicKind.OTA_INFORM, false),
        /** {@code /ota/device/upgrade/{pk}/{dn}}: platform to device, the upgrade notice. */
        UPGRADE(TopicKind.OTA_UPGRADE, false),
        /** {@code /ota/device/progress/{pk}/{dn}}: device to platform, the upgrade's step. */
        PROGRESS(TopicKind.OTA_PROGRESS, false),
        /** {@code /sys/{pk}/{dn}/thing/ota/firmware/get}: device to platform, asking for pending firmware. */
        FIRMWARE_GET(TopicKind.OTA_FIRMWARE_GET, false),
        /** {@code /sys/{pk}/{dn}/thing/ota/firmware/get_reply}: platform to device, the answer. */
        FIRMWARE_GET_REPLY(TopicKind.OTA_FIRMWARE_GET, true);

        private final TopicKind topicKind;
        private final boolean reply;

        Kind(TopicKind topicKind, boolean reply) {
            this.topicKind = topicKind;
            this.reply = reply;
        }

        /**
         * The topic of this kind for one device.
         *
         * @param device the device the topic belongs to
         * @return the wire topic
         */
        public String topic(DeviceId device) {
            AlinkTopic topic = AlinkTopic.of(topicKind, Objects.requireNonNull(device, "device"));
            return (reply ? topic.replyTopic() : topic).topic();
        }
    }

    /**
     * A parsed OTA topic.
     *
     * @param kind   what the topic carries
     * @param device the device it belongs to
     */
    public record Parsed(Kind kind, DeviceId device) {
    }

    private OtaTopics() {
    }

    /**
     * {@code /ota/device/inform/{pk}/{dn}}.
     *
     * @param device the device
     * @return the topic
     */
    public static String inform(DeviceId device) {
        return Kind.INFORM.topic(device);
    }

    /**
     * {@code /ota/device/upgrade/{pk}/{dn}}.
     *
     * @param device the device
     * @return the topic
     */
    public static String upgrade(DeviceId device) {
        return Kind.UPGRADE.topic(device);
    }

    /**
     * {@code /ota/device/progress/{pk}/{dn}}.
     *
     * @param device the device
     * @return the topic
     */
    public static String progress(DeviceId device) {
        return Kind.PROGRESS.topic(device);
    }

    /**
     * {@code /sys/{pk}/{dn}/thing/ota/firmware/get}.
     *
     * @param device the device
     * @return the topic
     */
    public static String firmwareGet(DeviceId device) {
        return Kind.FIRMWARE_GET.topic(device);
    }

    /**
     * {@code /sys/{pk}/{dn}/thing/ota/firmware/get_reply}.
     *
     * @param device the device
     * @return the topic
     */
    public static String firmwareGetReply(DeviceId device) {
        return Kind.FIRMWARE_GET_REPLY.topic(device);
    }

    /**
     * Reads a topic back into its kind and device.
     *
     * @param topic a wire topic
     * @return the kind and device, empty for a topic that is no OTA topic (or has a bad productKey or deviceName)
     */
    public static Optional<Parsed> parse(String topic) {
        return AlinkTopic.parse(topic).flatMap(parsed -> {
            for (Kind kind : Kind.values()) {
                if (kind.topicKind == parsed.kind() && kind.reply == parsed.reply()) {
                    return Optional.of(new Parsed(kind, parsed.device()));
                }
            }
            return Optional.empty();
        });
    }
}
