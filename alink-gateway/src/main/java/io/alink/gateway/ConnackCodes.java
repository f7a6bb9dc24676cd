package io.alink.gateway;

import io.alink.protocol.DeviceId;

/**
 * What a refused CONNECT's return code (MQTT 3.1.1) means for a person, as the platform uses the codes: which setting
 * of which device to check. The emulator refuses the same way (README, "./alink emulator").
 */
final class ConnackCodes {

    static final int UNACCEPTABLE_PROTOCOL_VERSION = 1;
    static final int IDENTIFIER_REJECTED = 2;
    /** The platform is busy, not refusing this device: worth trying again. */
    static final int SERVER_UNAVAILABLE = 3;
    static final int BAD_USER_NAME_OR_PASSWORD = 4;
    static final int NOT_AUTHORIZED = 5;

    private ConnackCodes() {
    }

    /**
     * @param device       who connected
     * @param registration the CONNECT was a dynamic registration, signed with the productSecret
     */
    static String explain(int code, DeviceId device, boolean registration) {
        return switch (code) {
            case UNACCEPTABLE_PROTOCOL_VERSION -> "unacceptable protocol version: the server does not take MQTT 3.1.1";
            case IDENTIFIER_REJECTED -> "client identifier rejected: check productKey and deviceName (" + device + ")";
            case SERVER_UNAVAILABLE -> "server unavailable: the platform is busy or down; trying again later may help";
            case BAD_USER_NAME_OR_PASSWORD -> registration
                    ? "bad user name or password: check productSecret for product " + device.productKey()
                    : "bad user name or password: check deviceSecret for " + device;
            case NOT_AUTHORIZED -> registration
                    ? "not authorized: product " + device.productKey() + " does not allow dynamic registration, "
                    + device + " is not pre-registered, or it is already activated (the secret issued then is in the"
                    + " store folder; was it deleted?)"
                    : "not authorized: " + device + " is unknown to the platform, disabled, or a sub-device (which"
                    + " connects through its gateway)";
            default -> "refused with a return code MQTT 3.1.1 does not define";
        };
    }
}
