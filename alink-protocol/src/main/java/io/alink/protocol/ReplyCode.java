package io.alink.protocol;

import java.util.Locale;
import java.util.Optional;

/**
 * The platform's reply codes, in one place. Sources: Alibaba's "error codes for devices" page, the topo and
 * session pages, and iotkit v3 (520). Codes the platform's documentation leaves open are marked UNCONFIRMED:
 * each is the most plausible choice, kept as one constant so it can be corrected in one place.
 */
public final class ReplyCode {
    public static final int SUCCESS = 200;
    public static final int BAD_REQUEST = 400;
    /** Sign check failed ("request auth error"). */
    public static final int AUTH_ERROR = 401;
    /** Too many requests (rate limited). */
    public static final int TOO_MANY_REQUESTS = 429;
    /** Request parameter error: malformed JSON, missing or mistyped field, over a batch limit. */
    public static final int REQUEST_PARAMETER_ERROR = 460;
    public static final int SERVER_ERROR = 500;
    /** No active session: a sub-device published through its gateway without being logged in. */
    public static final int NO_ACTIVE_SESSION = 520;
    /** Device not found. */
    public static final int DEVICE_NOT_FOUND = 6100;
    /** Topic parse failure. */
    public static final int TOPIC_PARSE_FAILURE = 6203;
    /** Device disabled. */
    public static final int DEVICE_DISABLED = 6204;
    /** A gateway cannot add itself to its own topology. */
    public static final int TOPO_CANNOT_ADD_SELF = 6402;
    /**
     * No topology relation between sub-device and gateway: a login without one (documented in the sub-device login
     * reply table, "topo relation not exist"), a topo/delete or logout of another gateway's sub-device, a pack/post or
     * history/post naming a sub-device outside the gateway's topology (the same code assumed there).
     */
    public static final int TOPO_RELATION_NOT_EXIST = 6401;
    /** UNCONFIRMED: the gateway's topology or online set is full (2,000); 428 is one of the two values cited. */
    public static final int TOO_MANY_SUB_DEVICES = 428;
    /** UNCONFIRMED: dynamic registration is not enabled for the product (6288 is the value seen in forums). */
    public static final int DYNAMIC_REGISTRATION_DISABLED = 6288;
    /** UNCONFIRMED: the device was already activated and cannot register again (6289 is the value seen in forums). */
    public static final int DEVICE_ALREADY_ACTIVATED = 6289;
    /** Service invocation timed out waiting for the device (emulator admin API, RRPC). */
    public static final int TIMEOUT = 504;

    private ReplyCode() {
    }

    /** The message the platform puts next to a code when it has nothing more specific to say. */
    public static String defaultMessage(int code) {
        return switch (code) {
            case SUCCESS -> "success";
            case BAD_REQUEST -> "request error";
            case AUTH_ERROR -> "request auth error";
            case TOO_MANY_REQUESTS -> "too many requests";
            case REQUEST_PARAMETER_ERROR -> "request parameter error";
            case SERVER_ERROR -> "server error";
            case NO_ACTIVE_SESSION -> "device no active session";
            case DEVICE_NOT_FOUND -> "device not found";
            case TOPIC_PARSE_FAILURE -> "topic parse failure";
            case DEVICE_DISABLED -> "device disabled";
            case TOPO_CANNOT_ADD_SELF -> "topo relation cannot add by self";
            case TOPO_RELATION_NOT_EXIST -> "topo relation not exist";
            case TOO_MANY_SUB_DEVICES -> "too many sub-devices for this gateway";
            case DYNAMIC_REGISTRATION_DISABLED -> "dynamic registration is not enabled for the product";
            case DEVICE_ALREADY_ACTIVATED -> "device already activated";
            case TIMEOUT -> "timeout";
            default -> "error " + code;
        };
    }

    /**
     * A refusal's message followed by the {@link #hint} of its code, for error messages and logs: {@code device
     * disabled: the device is disabled: enable it in the console} is shown as {@code device disabled: enable it in
     * the console}, the hint's first clause left out when the message already says it.
     *
     * @param code    the reply's code
     * @param message the platform's message
     * @return the message, and what to check when the code has a hint
     */
    public static String explained(int code, String message) {
        return hint(code).map(hint -> explained(message, hint)).orElse(message);
    }

    /**
     * {@link #explained(int, String)} with a hint of the caller's own, such as one that names a folder.
     *
     * @param message the platform's message
     * @param hint    what to check
     * @return the message and the hint, the hint's first clause left out when the message already says it
     */
    public static String explained(String message, String hint) {
        int clause = hint.indexOf(": ");
        boolean said = clause > 0 && message != null
                && message.toLowerCase(Locale.ROOT).contains(hint.substring(0, clause).toLowerCase(Locale.ROOT));
        return message + ": " + (said ? hint.substring(clause + 2) : hint);
    }

    /**
     * What a person should check or do about a refusal with {@code code}, for error messages and logs; empty when the
     * code itself says all there is. The device is named by the message around it.
     */
    public static Optional<String> hint(int code) {
        return Optional.ofNullable(switch (code) {
            case AUTH_ERROR -> "the sign does not match: check the secret it is made with (a sub-device's"
                    + " deviceSecret; for a registration, the productSecret)";
            case TOO_MANY_REQUESTS -> "the platform limits how fast a device may send: slow down";
            case NO_ACTIVE_SESSION -> "the sub-device is not logged in";
            case DEVICE_NOT_FOUND -> "the platform knows no such device: check productKey and deviceName";
            case DEVICE_DISABLED -> "disabled: enable the device in the console";
            case TOPO_CANNOT_ADD_SELF -> "a gateway cannot be a sub-device of itself";
            case TOPO_RELATION_NOT_EXIST -> "the sub-device is not in this gateway's topology: add it (topo add) first";
            case TOO_MANY_SUB_DEVICES -> "the gateway has the platform's maximum of 2,000 sub-devices";
            case DYNAMIC_REGISTRATION_DISABLED -> "turn dynamic registration on for the product in the console, or"
                    + " configure the deviceSecret";
            case DEVICE_ALREADY_ACTIVATED -> "already activated: the platform issues a secret only once, and the"
                    + " secret issued then is in the store folder; was it deleted?";
            default -> null;
        });
    }
}
