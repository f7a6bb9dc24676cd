package io.alink.protocol;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * MQTT topic filters over Alink topics: whether a filter is well formed, and whose namespace it lies in. Both sides
 * need the second answer: a gateway refuses to subscribe outside its own and its sub-devices' topics, the platform
 * refuses the same at its ACL.
 */
public final class TopicFilters {

    /**
     * Stands in for a wildcard level while the filter is parsed for its owner. It is one character longer than a
     * productKey or deviceName may be, so a wildcard in either position can never yield an owner, while every other
     * role (identifier, custom level, any level) takes it.
     */
    private static final String WILDCARD_STAND_IN = "_".repeat(TopicLevel.DEVICE_PART.maxLength() + 1);
    /** Stands in for a wildcard level while the filter is checked: every role takes it, so only real parts are judged. */
    private static final String ANY_ROLE_STAND_IN = "w";

    private TopicFilters() {
    }

    /** A topic, or a filter whose {@code +} fill whole levels and whose {@code #} is the whole last level. */
    public static boolean isValid(String filter) {
        if (filter == null || filter.isEmpty()) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return false;
            }
            if (level.contains("+") && !level.equals("+")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why {@code filter} cannot be subscribed to: a wildcard that does not fill a whole level, or a level or part that
     * breaks its rule ({@link AlinkTopic#problem}). Empty for a good filter.
     */
    public static Optional<String> problem(String filter) {
        if (!isValid(filter)) {
            return Optional.of("has a '+' or '#' that does not fill a whole level, or a '#' before the last level");
        }
        return AlinkTopic.problem(standIn(filter, ANY_ROLE_STAND_IN));
    }

    public static boolean hasWildcard(String filter) {
        return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
    }

    /**
     * The device whose namespace a topic or filter lies in: {@code /sys/{pk}/{dn}/...}, {@code /ext/session|ntp|error/
     * {pk}/{dn}...}, {@code /{pk}/{dn}/user/...} and the other device-owned topics. Empty for an invalid filter, a
     * topic that belongs to no device (broadcast, registration), or a wildcard covering the productKey or deviceName.
     */
    public static Optional<DeviceId> owner(String filter) {
        if (!isValid(filter)) {
            return Optional.empty();
        }
        return AlinkTopic.parse(standIn(filter, WILDCARD_STAND_IN)).map(AlinkTopic::device);
    }

    private static String standIn(String filter, String standIn) {
        return Arrays.stream(filter.split("/", -1))
                .map(level -> level.equals("+") || level.equals("#") ? standIn : level)
                .collect(Collectors.joining("/"));
    }

    /** Whether {@code topic} (no wildcards) matches {@code filter} by the MQTT rules. */
    public static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /**
     * The filter covering every detail of a kind with a variable level, e.g. {@code /sys/{pk}/{dn}/thing/service/+}
     * or, for {@code reply}, {@code /sys/{pk}/{dn}/thing/event/+/post_reply}.
     */
    public static String anyDetail(TopicKind kind, DeviceId device, boolean reply) {
        if (!kind.hasDetail()) {
            throw new IllegalArgumentException(kind + " has no variable level");
        }
        AlinkTopic topic = AlinkTopic.of(kind, device, WILDCARD_STAND_IN);
        return (reply ? topic.replyTopic() : topic).topic().replace(WILDCARD_STAND_IN, "+");
    }
}
