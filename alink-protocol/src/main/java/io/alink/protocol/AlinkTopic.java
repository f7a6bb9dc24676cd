package io.alink.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * A parsed (or built) Alink topic: its kind, the device it belongs to, the variable level if the kind has one
 * ({@code detail}: event id, service id, RRPC message id, or the custom path after {@code /user/}), and whether it
 * is the {@code _reply} of a request.
 *
 * <p>Build topics with the factory methods, read them with {@link #parse(String)}; {@link #topic()} gives the wire
 * string. Parsing never throws: an unknown or malformed topic gives an empty Optional.
 */
public record AlinkTopic(TopicKind kind, DeviceId device, String detail, boolean reply) {

    private static final String REPLY = "_reply";

    public AlinkTopic {
        Objects.requireNonNull(kind, "kind");
        if (device == null && kind.family() != TopicKind.Family.REGISTER && kind != TopicKind.BROADCAST) {
            throw new IllegalArgumentException(kind + " needs a device");
        }
        if ((kind.hasDetail() || kind.path() == null && kind.family() != TopicKind.Family.REGISTER)
                && (detail == null || detail.isEmpty())) {
            throw new IllegalArgumentException(kind + " needs a detail");
        }
        if (detail != null) {
            requireDetailLevels(kind, detail);
        }
    }

    /** The variable level of a kind follows the rule of its role; so does every level of a multi-level detail. */
    private static void requireDetailLevels(TopicKind kind, String detail) {
        switch (kind) {
            case EVENT_POST -> TopicLevel.IDENTIFIER.require("eventId", detail);
            case SERVICE -> TopicLevel.IDENTIFIER.require("serviceId", detail);
            case RRPC_REQUEST, RRPC_RESPONSE -> TopicLevel.ANY.require("RRPC message id", detail);
            default -> {
                boolean custom = kind == TopicKind.CUSTOM;
                String[] levels = (kind == TopicKind.DEVICE_OTHER ? detail.substring(1) : detail).split("/", -1);
                for (int i = 0; i < levels.length; i++) {
                    (custom ? TopicLevel.CUSTOM : TopicLevel.ANY).require(
                            custom ? "custom topic level " + (i + 1) + " (after /user/)" : "a topic level", levels[i]);
                }
            }
        }
    }

    // ---- building ---------------------------------------------------------------------------------------------

    public static AlinkTopic of(TopicKind kind, DeviceId device) {
        return new AlinkTopic(kind, device, null, false);
    }

    public static AlinkTopic of(TopicKind kind, DeviceId device, String detail) {
        return new AlinkTopic(kind, device, detail, false);
    }

    /** {@code /{pk}/{dn}/user/{name}}; {@code name} may have several levels. */
    public static AlinkTopic custom(DeviceId device, String name) {
        return new AlinkTopic(TopicKind.CUSTOM, device, name, false);
    }

    /** {@code /broadcast/{productKey}/{name}}. */
    public static AlinkTopic broadcast(String productKey, String name) {
        TopicLevel.DEVICE_PART.require("productKey", productKey);
        return new AlinkTopic(TopicKind.BROADCAST, null, productKey + "/" + name, false);
    }

    /** The productKey a topic belongs to (for a broadcast, the product it is sent to). */
    public String productKey() {
        if (device != null) {
            return device.productKey();
        }
        return kind == TopicKind.BROADCAST ? detail.substring(0, detail.indexOf('/')) : null;
    }

    public AlinkTopic replyTopic() {
        if (reply) {
            throw new IllegalStateException("already a reply topic: " + topic());
        }
        return new AlinkTopic(kind, device, detail, true);
    }

    public AlinkTopic requestTopic() {
        return reply ? new AlinkTopic(kind, device, detail, false) : this;
    }

    /** The topic as sent on the wire. */
    public String topic() {
        String pk = device == null ? null : device.productKey();
        String dn = device == null ? null : device.deviceName();
        String base = switch (kind.family()) {
            case SYS -> kind == TopicKind.SYS_OTHER
                    ? "/sys/" + pk + "/" + dn + "/" + detail
                    : "/sys/" + pk + "/" + dn + "/" + kind.path().replace("{}", detail == null ? "" : detail);
            case SESSION -> "/ext/session/" + pk + "/" + dn + "/" + kind.path();
            case NTP -> "/ext/ntp/" + pk + "/" + dn + "/" + kind.path();
            case OTA -> "/ota/" + kind.path() + "/" + pk + "/" + dn;
            case ERROR -> "/ext/error/" + pk + "/" + dn;
            case USER -> "/" + pk + "/" + dn + "/user/" + detail;
            case OTHER -> detail;
            case BROADCAST -> "/broadcast/" + detail;
            case EXT_RRPC -> "/ext/rrpc/" + detail;
            case SHADOW -> "/shadow/" + kind.path() + "/" + pk + "/" + dn;
            case REGISTER -> kind == TopicKind.REGISTER ? "/ext/register" : "/ext/regnwl";
        };
        return reply ? base + REPLY : base;
    }

    @Override
    public String toString() {
        return topic();
    }

    // ---- parsing ----------------------------------------------------------------------------------------------

    /** Parses a wire topic. Empty when the topic is not an Alink topic this project knows, or breaks its rules. */
    public static Optional<AlinkTopic> parse(String topic) {
        try {
            return Optional.ofNullable(parseOrNull(topic));
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    /**
     * Why {@code topic} cannot be sent: a level no topic can hold, or, in a topic of a known shape, a part that breaks
     * the rule of its role (productKey, deviceName, eventId ...). Empty for a good topic, including one of a shape
     * this project does not know. The problem is a phrase that names the part, without quoting the topic.
     */
    public static Optional<String> problem(String topic) {
        if (topic == null || topic.isEmpty() || topic.charAt(0) != '/') {
            return Optional.of("does not start with '/'");
        }
        String[] levels = topic.substring(1).split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            Optional<String> problem = TopicLevel.ANY.problem(levels[i]);
            if (problem.isPresent()) {
                return Optional.of("level " + (i + 1) + " " + problem.get());
            }
        }
        try {
            parseOrNull(topic);
            return Optional.empty();
        } catch (IllegalArgumentException invalidPart) {
            return Optional.of(invalidPart.getMessage());
        }
    }

    /** Null for a topic of no known shape. @throws IllegalArgumentException for a known shape with a bad part */
    private static AlinkTopic parseOrNull(String topic) {
        if (topic == null || topic.isEmpty() || topic.charAt(0) != '/' || topic.contains("+") || topic.contains("#")) {
            return null;
        }
        String[] l = topic.substring(1).split("/", -1);
        for (String level : l) {
            if (level.isEmpty()) {
                return null;
            }
        }
        return parseLevels(topic, l);
    }

    private static AlinkTopic parseLevels(String topic, String[] l) {
        if (l.length == 2 && l[0].equals("ext") && (l[1].equals("register") || l[1].equals("regnwl"))) {
            return new AlinkTopic(l[1].equals("register") ? TopicKind.REGISTER : TopicKind.REGNWL, null, null, false);
        }
        if (l.length >= 4 && l[0].equals("sys")) {
            return parseBelow(TopicKind.Family.SYS, new DeviceId(l[1], l[2]), join(l, 3));
        }
        if (l.length >= 5 && l[0].equals("ext") && l[1].equals("session")) {
            return parseBelow(TopicKind.Family.SESSION, new DeviceId(l[2], l[3]), join(l, 4));
        }
        if (l.length == 5 && l[0].equals("ext") && l[1].equals("ntp")) {
            return parseBelow(TopicKind.Family.NTP, new DeviceId(l[2], l[3]), l[4]);
        }
        if (l.length == 4 && l[0].equals("ext") && l[1].equals("error")) {
            return new AlinkTopic(TopicKind.ERROR, new DeviceId(l[2], l[3]), null, false);
        }
        if (l.length >= 4 && l[0].equals("ext") && l[1].equals("rrpc")) {
            // the device is the one of the wrapped topic
            AlinkTopic inner = parseLevels(topic, java.util.Arrays.copyOfRange(l, 3, l.length));
            DeviceId device = inner == null ? null : inner.device();
            return device == null ? null : new AlinkTopic(TopicKind.EXT_RRPC, device, join(l, 2), false);
        }
        if (l.length >= 3 && l[0].equals("broadcast")) {
            return DeviceId.isValidPart(l[1]) ? new AlinkTopic(TopicKind.BROADCAST, null, join(l, 1), false) : null;
        }
        if (l.length == 4 && l[0].equals("shadow")) {
            // /shadow/get/{pk}/{dn}, /shadow/update/{pk}/{dn}; never a _reply: replies come on /shadow/get
            TopicKind kind = l[1].equals("update") ? TopicKind.SHADOW_UPDATE
                    : l[1].equals("get") ? TopicKind.SHADOW_GET : null;
            return kind == null ? null : new AlinkTopic(kind, new DeviceId(l[2], l[3]), null, false);
        }
        if (l.length >= 4 && l[0].equals("ota")) {
            // /ota/device/inform/{pk}/{dn} ...
            if (l.length == 5) {
                int at = l.length - 2;
                DeviceId device = new DeviceId(l[at], l[at + 1]);
                TopicKind ota = l[0].equals("ota") ? otaKind(l[1] + "/" + l[2]) : null;
                return ota != null ? new AlinkTopic(ota, device, null, false)
                        : new AlinkTopic(TopicKind.DEVICE_OTHER, device, topic, false);
            }
            return null;
        }
        if (l.length >= 4 && l[2].equals("user")) {
            return new AlinkTopic(TopicKind.CUSTOM, new DeviceId(l[0], l[1]), join(l, 3), false);
        }
        if (l.length >= 3 && !l[0].equals("sys") && !l[0].equals("ext")) {
            return new AlinkTopic(TopicKind.DEVICE_OTHER, new DeviceId(l[0], l[1]), topic, false);
        }
        return null;
    }

    private static TopicKind otaKind(String path) {
        for (TopicKind kind : TopicKind.values()) {
            if (kind.family() == TopicKind.Family.OTA && kind.path().equals(path)) {
                return kind;
            }
        }
        return null;
    }

    private static AlinkTopic parseBelow(TopicKind.Family family, DeviceId device, String rest) {
        boolean reply = rest.endsWith(REPLY) && rest.length() > REPLY.length();
        String path = reply ? rest.substring(0, rest.length() - REPLY.length()) : rest;
        for (TopicKind kind : TopicKind.values()) {
            if (kind.family() != family || kind.path() == null) {
                continue;
            }
            String detail = match(kind.path(), path);
            if (detail != null) {
                return new AlinkTopic(kind, device, detail.isEmpty() ? null : detail, reply);
            }
        }
        return family == TopicKind.Family.SYS ? new AlinkTopic(TopicKind.SYS_OTHER, device, rest, false) : null;
    }

    /** Returns the variable level ("" if the pattern has none) or null when the path does not match. */
    private static String match(String pattern, String path) {
        int hole = pattern.indexOf("{}");
        if (hole < 0) {
            return pattern.equals(path) ? "" : null;
        }
        String head = pattern.substring(0, hole);
        String tail = pattern.substring(hole + 2);
        if (!path.startsWith(head) || !path.endsWith(tail) || path.length() <= head.length() + tail.length()) {
            return null;
        }
        String detail = path.substring(head.length(), path.length() - tail.length());
        return detail.contains("/") ? null : detail;
    }

    private static String join(String[] levels, int from) {
        return String.join("/", java.util.Arrays.copyOfRange(levels, from, levels.length));
    }
}
