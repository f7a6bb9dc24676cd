package io.alink.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/**
 * The device shadow's messages. No Alink envelope: a device publishes {@code {method: update|get|delete, state,
 * version}} on {@code /shadow/update/{pk}/{dn}}; the cloud answers on {@code /shadow/get/{pk}/{dn}} with
 * {@code {method: "reply", payload: {status, state?, metadata?, version?, content?}, version?, timestamp}}, and sends
 * {@code method: "control"} there when an application changes the desired state. An attribute set to the text
 * {@code "null"} is deleted; {@code state.desired: "null"} clears the desired state, {@code reported: "null"} the
 * reported one.
 *
 * <p>The error codes are UNCONFIRMED: they follow Alibaba's shadow documentation as remembered (400-409, 500), each
 * one constant here. Timestamps are in seconds, as in that documentation.
 */
public final class ShadowMessage {
    public static final String UPDATE = "update";
    public static final String GET = "get";
    public static final String DELETE = "delete";
    public static final String REPLY = "reply";
    public static final String CONTROL = "control";
    /** The text that deletes an attribute, or a whole section. */
    public static final String NULL = "null";
    public static final String SUCCESS = "success";
    public static final String ERROR = "error";

    /** UNCONFIRMED: the payload is not JSON. */
    public static final int BAD_JSON = 400;
    /** UNCONFIRMED: no method. */
    public static final int MISSING_METHOD = 401;
    /** UNCONFIRMED: no state. */
    public static final int MISSING_STATE = 402;
    /** UNCONFIRMED: version is not a number. */
    public static final int BAD_VERSION = 403;
    /** UNCONFIRMED: no reported section (update, delete). */
    public static final int MISSING_REPORTED = 404;
    /** UNCONFIRMED: the reported section is empty. */
    public static final int EMPTY_REPORTED = 405;
    /** UNCONFIRMED: a method the shadow does not know. */
    public static final int BAD_METHOD = 406;
    /** UNCONFIRMED: the message is empty. */
    public static final int EMPTY_CONTENT = 407;
    /** UNCONFIRMED: more than {@link #MAX_ATTRIBUTES} reported attributes. */
    public static final int TOO_MANY_ATTRIBUTES = 408;
    /** UNCONFIRMED: the version is not greater than the shadow's (a stale update). */
    public static final int VERSION_CONFLICT = 409;
    /** UNCONFIRMED: the cloud failed. */
    public static final int SERVER_ERROR = 500;
    /** UNCONFIRMED: reported attributes one shadow holds. */
    public static final int MAX_ATTRIBUTES = 128;

    private ShadowMessage() {
    }

    /** A device's report: {@code {method: "update", state: {reported}, version}}. */
    public static ObjectNode update(ObjectNode reported, long version) {
        ObjectNode message = AlinkJson.object().put("method", UPDATE);
        message.putObject("state").set("reported", reported);
        return message.put("version", version);
    }

    /** A device clears the desired state it acted on: {@code {method: "update", state: {desired: "null"}, version}}. */
    public static ObjectNode clearDesired(long version) {
        ObjectNode message = AlinkJson.object().put("method", UPDATE);
        message.putObject("state").put("desired", NULL);
        return message.put("version", version);
    }

    /** {@code {method: "get"}}. */
    public static ObjectNode get() {
        return AlinkJson.object().put("method", GET);
    }

    /** Deletes reported attributes, or all of them when {@code keys} is empty. */
    public static ObjectNode delete(Collection<String> keys, long version) {
        ObjectNode message = AlinkJson.object().put("method", DELETE);
        ObjectNode state = message.putObject("state");
        if (keys.isEmpty()) {
            state.put("reported", NULL);
        } else {
            ObjectNode reported = state.putObject("reported");
            keys.forEach(key -> reported.put(key, NULL));
        }
        return message.put("version", version);
    }

    /** The cloud's answer to an update or delete: {@code {method: "reply", payload: {status: "success", version}}}. */
    public static ObjectNode success(long version, long timestampSeconds) {
        ObjectNode message = AlinkJson.object().put("method", REPLY);
        message.putObject("payload").put("status", SUCCESS).put("version", version);
        return message.put("timestamp", timestampSeconds);
    }

    /** The cloud's refusal: {@code {method: "reply", payload: {status: "error", content: {errorcode, errormessage}}}}. */
    public static ObjectNode error(int code, String message, long timestampSeconds) {
        ObjectNode reply = AlinkJson.object().put("method", REPLY);
        ObjectNode payload = reply.putObject("payload").put("status", ERROR);
        payload.putObject("content").put("errorcode", Integer.toString(code)).put("errormessage", message);
        return reply.put("timestamp", timestampSeconds);
    }

    /** The whole document, as a get's reply ({@link #REPLY}) or a cloud-initiated {@link #CONTROL}. */
    public static ObjectNode document(String method, JsonNode state, JsonNode metadata, long version,
                                      long timestampSeconds) {
        ObjectNode message = AlinkJson.object().put("method", method);
        ObjectNode payload = message.putObject("payload").put("status", SUCCESS);
        payload.set("state", state);
        payload.set("metadata", metadata);
        return message.put("version", version).put("timestamp", timestampSeconds);
    }

    /**
     * A message of {@code /shadow/get}, read.
     *
     * @param method       {@code reply} or {@code control}
     * @param success      whether payload.status is success
     * @param state        payload.state ({@code reported}, {@code desired}); an empty object when absent
     * @param version      the shadow's version (payload.version or the top-level one); -1 when absent
     * @param errorCode    content.errorcode of an error; 0 otherwise
     * @param errorMessage content.errormessage of an error; null otherwise
     */
    public record Received(String method, boolean success, JsonNode state, long version, int errorCode,
                           String errorMessage) {

        /**
         * Reads a {@code /shadow/get} message.
         *
         * @throws AlinkFormatException when it is no JSON object with a method and a payload
         */
        public static Received parse(byte[] bytes) {
            JsonNode root = AlinkJson.parse(bytes);
            String method = AlinkJson.text(root, "method");
            JsonNode payload = root.path("payload");
            if (method == null || !payload.isObject()) {
                throw new AlinkFormatException("a shadow message needs a method and a payload");
            }
            boolean success = SUCCESS.equals(AlinkJson.text(payload, "status"));
            JsonNode version = payload.has("version") ? payload.get("version") : root.path("version");
            JsonNode content = payload.path("content");
            String code = AlinkJson.text(content, "errorcode");
            return new Received(method, success, payload.path("state").isObject() ? payload.get("state")
                    : AlinkJson.object(), version.canConvertToLong() ? version.asLong() : -1,
                    code != null && code.matches("\\d{1,9}") ? Integer.parseInt(code) : 0,
                    AlinkJson.text(content, "errormessage"));
        }
    }
}
