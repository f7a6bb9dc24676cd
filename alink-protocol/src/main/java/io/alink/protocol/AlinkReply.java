package io.alink.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An Alink reply envelope. On the wire it always has all four keys {@code id} (a string), {@code code} (a number),
 * {@code data} and {@code message}: official SDKs reject or mis-handle a reply missing any of them.
 * {@code method} is optional. The JSON node is shared, not copied: treat it as read-only.
 */
public record AlinkReply(String id, int code, JsonNode data, String message, String method) {

    public AlinkReply {
        id = id == null ? "" : id;
        data = data == null ? AlinkJson.object() : data;
        message = message == null ? ReplyCode.defaultMessage(code) : message;
    }

    public static AlinkReply success(String id, JsonNode data) {
        return new AlinkReply(id, ReplyCode.SUCCESS, data, ReplyCode.defaultMessage(ReplyCode.SUCCESS), null);
    }

    public static AlinkReply error(String id, int code, String message) {
        return new AlinkReply(id, code, null, message, null);
    }

    public static AlinkReply error(String id, int code, String message, JsonNode data) {
        return new AlinkReply(id, code, data, message, null);
    }

    public AlinkReply withMethod(String method) {
        return new AlinkReply(id, code, data, message, method);
    }

    public boolean isSuccess() {
        return code == ReplyCode.SUCCESS;
    }

    /**
     * Parses a reply. Lenient where SDKs differ ({@code code} as a number or a string of digits, {@code message}
     * absent), strict where a reply cannot be used: not an object, no {@code code}.
     */
    public static AlinkReply parse(byte[] payload) {
        JsonNode root = AlinkJson.parse(payload);
        if (!root.isObject()) {
            throw new AlinkFormatException("an Alink reply must be a JSON object");
        }
        JsonNode code = root.get("code");
        int parsedCode;
        if (code != null && code.canConvertToInt() && code.isIntegralNumber()) {
            parsedCode = code.asInt();
        } else if (code != null && code.isTextual() && code.asText().matches("-?\\d{1,9}")) {
            parsedCode = Integer.parseInt(code.asText());
        } else {
            throw new AlinkFormatException("reply has no numeric code");
        }
        return new AlinkReply(AlinkRequest.idText(root.get("id")), parsedCode, root.get("data"),
                AlinkJson.text(root, "message"), AlinkJson.text(root, "method"));
    }

    public byte[] toBytes() {
        ObjectNode root = AlinkJson.object();
        root.put("id", id);
        root.put("code", code);
        root.set("data", data);
        root.put("message", message);
        if (method != null) {
            root.put("method", method);
        }
        return AlinkJson.toBytes(root);
    }
}
