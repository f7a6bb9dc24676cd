package io.alink.protocol;

/**
 * Every kind of topic of the Alink protocol that a gateway or the platform uses.
 *
 * <p>Most kinds live below a device prefix ({@link Family}) and are told apart by the path after it. A path
 * level written {@code {}} stands for one variable level (an event or service identifier, an RRPC message id).
 * Reply topics are the request topic plus {@code _reply}; they are not separate kinds.
 */
public enum TopicKind {
    TOPO_ADD(Family.SYS, "thing/topo/add"),
    TOPO_ADD_NOTIFY(Family.SYS, "thing/topo/add/notify"),
    TOPO_DELETE(Family.SYS, "thing/topo/delete"),
    TOPO_GET(Family.SYS, "thing/topo/get"),
    TOPO_CHANGE(Family.SYS, "thing/topo/change"),
    /** The gateway reports sub-devices it discovered; the cloud replies. */
    LIST_FOUND(Family.SYS, "thing/list/found"),
    SUB_REGISTER(Family.SYS, "thing/sub/register"),
    SUB_UNREGISTER(Family.SYS, "thing/sub/unregister"),
    PRODUCT_REGISTER(Family.SYS, "thing/proxy/provisioning/product_register"),
    PROPERTY_POST(Family.SYS, "thing/event/property/post"),
    PROPERTY_BATCH_POST(Family.SYS, "thing/event/property/batch/post"),
    /** A gateway's property and event post for itself and many sub-devices in one message ({@link PackPost}). */
    PROPERTY_PACK_POST(Family.SYS, "thing/event/property/pack/post"),
    /** Values recorded earlier, each with its original time ({@link HistoryPost}). */
    PROPERTY_HISTORY_POST(Family.SYS, "thing/event/property/history/post"),
    EVENT_POST(Family.SYS, "thing/event/{}/post"),
    PROPERTY_SET(Family.SYS, "thing/service/property/set"),
    SERVICE(Family.SYS, "thing/service/{}"),
    DEVICEINFO_UPDATE(Family.SYS, "thing/deviceinfo/update"),
    DEVICEINFO_DELETE(Family.SYS, "thing/deviceinfo/delete"),
    /** The desired values the cloud holds for properties ({@link DesiredValue}). */
    PROPERTY_DESIRED_GET(Family.SYS, "thing/property/desired/get"),
    PROPERTY_DESIRED_DELETE(Family.SYS, "thing/property/desired/delete"),
    /** Asks for the product's remote configuration file ({@link ConfigFile}). */
    CONFIG_GET(Family.SYS, "thing/config/get"),
    /** The cloud pushes a new remote configuration file; the device answers on {@code push_reply}. */
    CONFIG_PUSH(Family.SYS, "thing/config/push"),
    UP_RAW(Family.SYS, "thing/model/up_raw"),
    DOWN_RAW(Family.SYS, "thing/model/down_raw"),
    DISABLE(Family.SYS, "thing/disable"),
    ENABLE(Family.SYS, "thing/enable"),
    DELETE(Family.SYS, "thing/delete"),
    RRPC_REQUEST(Family.SYS, "rrpc/request/{}"),
    RRPC_RESPONSE(Family.SYS, "rrpc/response/{}"),
    /** A device asks for its pending firmware; answered on {@code _reply} with an upgrade notice's data. */
    OTA_FIRMWARE_GET(Family.SYS, "thing/ota/firmware/get"),
    /** Any other {@code /sys/{pk}/{dn}/...} topic (dynamicTsl, list/found ...): owned by the device, not handled. */
    SYS_OTHER(Family.SYS, null),

    LOGIN(Family.SESSION, "combine/login"),
    LOGOUT(Family.SESSION, "combine/logout"),
    BATCH_LOGIN(Family.SESSION, "combine/batch_login"),
    BATCH_LOGOUT(Family.SESSION, "combine/batch_logout"),

    NTP_REQUEST(Family.NTP, "request"),
    NTP_RESPONSE(Family.NTP, "response"),

    /** {@code /ota/device/inform/{pk}/{dn}}: a device reports the version of one module. No reply. */
    OTA_INFORM(Family.OTA, "device/inform"),
    /** {@code /ota/device/upgrade/{pk}/{dn}}: the platform's upgrade notice, delivered to a subscriber. */
    OTA_UPGRADE(Family.OTA, "device/upgrade"),
    /** {@code /ota/device/progress/{pk}/{dn}}: a device reports an upgrade's step. No reply. */
    OTA_PROGRESS(Family.OTA, "device/progress"),

    /** {@code /ext/error/{pk}/{dn}}: the platform's error channel, for example code 520 (no session). */
    ERROR(Family.ERROR, ""),

    /** {@code /{pk}/{dn}/user/...}: a custom topic declared in the console. */
    CUSTOM(Family.USER, null),
    /** {@code /shadow/update/{pk}/{dn}}: the device's shadow requests (update, get, delete), no Alink envelope. */
    SHADOW_UPDATE(Family.SHADOW, "update"),
    /** {@code /shadow/get/{pk}/{dn}}: the shadow's replies and the cloud's {@code control} ({@link ShadowMessage}). */
    SHADOW_GET(Family.SHADOW, "get"),
    /** Other {@code /ota/...} topics and the old {@code /{pk}/{dn}/update|get}: device-owned, not handled. */
    DEVICE_OTHER(Family.OTHER, null),
    /** {@code /broadcast/{pk}/...}: a product-wide broadcast. Carries a productKey only. */
    BROADCAST(Family.BROADCAST, null),
    /** {@code /ext/rrpc/{messageId}/{topic}}: synchronous call wrapped around another topic. */
    EXT_RRPC(Family.EXT_RRPC, null),
    /** {@code /ext/register}: MQTT dynamic registration pushes the deviceSecret here. Carries no device. */
    REGISTER(Family.REGISTER, null),
    /** {@code /ext/regnwl}: preregistration-free registration pushes the deviceToken here. Carries no device. */
    REGNWL(Family.REGISTER, null);

    /** The prefix shape a topic kind lives under. */
    public enum Family { SYS, SESSION, NTP, OTA, ERROR, USER, OTHER, BROADCAST, EXT_RRPC, REGISTER, SHADOW }

    private final Family family;
    private final String path;

    TopicKind(Family family, String path) {
        this.family = family;
        this.path = path;
    }

    public Family family() {
        return family;
    }

    /** Path after the device prefix, with {@code {}} for the variable level; null for open-ended kinds. */
    String path() {
        return path;
    }

    /**
     * The Alink {@code method} of a request of this kind: its path with dots ({@code thing/topo/add} ->
     * {@code thing.topo.add}, {@code combine/login} -> {@code combine.login}).
     *
     * @throws IllegalStateException for a kind that is no request of the thing model or session (NTP, custom ...), or
     *                               one with a variable level (use {@link #method(String)})
     */
    public String method() {
        if (hasDetail()) {
            throw new IllegalStateException(this + " needs its identifier: method(String)");
        }
        return method(null);
    }

    /**
     * The method of a kind with a variable level, for one identifier: {@code EVENT_POST} and {@code alarm} give
     * {@code thing.event.alarm.post}, {@code SERVICE} and {@code reboot} give {@code thing.service.reboot}.
     */
    public String method(String detail) {
        boolean thingModel = family == Family.SYS && path != null && path.startsWith("thing/");
        if (!thingModel && family != Family.SESSION) {
            throw new IllegalStateException(this + " has no Alink method");
        }
        if (hasDetail() == (detail == null)) {
            throw new IllegalStateException(this + (hasDetail() ? " needs an identifier" : " takes no identifier"));
        }
        return (hasDetail() ? path.replace("{}", detail) : path).replace('/', '.');
    }

    /** Whether the path has a variable level ({@link AlinkTopic#detail()}). */
    public boolean hasDetail() {
        return path != null && path.contains("{}");
    }

    /**
     * Whether a request of this kind is answered on its {@code _reply} topic. The OTA topics below {@code /ota/} are
     * one-way: neither side replies to an inform, a progress report or an upgrade notice.
     */
    public boolean isReplied() {
        return family != Family.OTA;
    }

    /** Kinds the platform sends to a device (downlink), whose delivery needs no SUBSCRIBE. */
    public boolean isPlatformDownlink() {
        return switch (this) {
            case TOPO_CHANGE, TOPO_ADD_NOTIFY, PROPERTY_SET, SERVICE, DOWN_RAW, DISABLE, ENABLE, DELETE, RRPC_REQUEST,
                    NTP_RESPONSE, ERROR, CONFIG_PUSH, SHADOW_GET -> true;
            default -> false;
        };
    }
}
