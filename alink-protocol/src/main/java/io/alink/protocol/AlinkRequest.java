package io.alink.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * An Alink request envelope: {@code {"id","version","params","sys":{"ack"},"method"}}.
 *
 * <p>The {@code id} is kept as the exact text it arrived as (digits, an SDK's {@code "4|exp-topic|..."}, or empty),
 * because replies must echo it verbatim. {@code params} may be an object, an array, or (LinkSDK 4's topo/get) the
 * string {@code "{}"}; {@link #params()} gives the parsed value in every case. {@code method}, {@code version} and
 * {@code ack} are optional (null when absent). The JSON nodes are shared, not copied: treat them as read-only.
 */
public record AlinkRequest(String id, String version, JsonNode params, String method, Integer ack) {

    public static final String VERSION = "1.0";

    public AlinkRequest {
        id = id == null ? "" : id;
        params = params == null ? AlinkJson.object() : params;
    }

    /** A request as this project sends it: version 1.0, no {@code sys} block. */
    public static AlinkRequest of(String id, String method, JsonNode params) {
        return new AlinkRequest(id, VERSION, params, method, null);
    }

    /** Whether the sender wants a reply: {@code sys.ack} 0 means no, anything else (or absent) means yes. */
    public boolean wantsReply() {
        return ack == null || ack != 0;
    }

    /** Parses a request payload. Throws {@link AlinkFormatException} for anything that is not an envelope. */
    public static AlinkRequest parse(byte[] payload) {
        JsonNode root = AlinkJson.parse(payload);
        if (!root.isObject()) {
            throw new AlinkFormatException("an Alink request must be a JSON object");
        }
        String id = idText(root.get("id"));
        JsonNode params = root.get("params");
        if (params != null && params.isTextual()) {
            String text = params.asText().trim();
            params = text.isEmpty() ? AlinkJson.object() : AlinkJson.parse(text);
            if (params.isTextual()) {
                // written back it would be a string again, and read as JSON once more
                throw new AlinkFormatException("params is a string holding a JSON string");
            }
        }
        if (params != null && params.isNull()) {
            params = null;
        }
        Integer ack = null;
        JsonNode sys = root.get("sys");
        if (sys != null && sys.isObject() && sys.get("ack") != null) {
            JsonNode ackNode = sys.get("ack");
            if (!ackNode.canConvertToInt() && !(ackNode.isTextual() && ackNode.asText().matches("\\d{1,9}"))) {
                throw new AlinkFormatException("sys.ack must be 0 or 1");
            }
            ack = ackNode.asInt();
        }
        return new AlinkRequest(id, AlinkJson.text(root, "version"), params, AlinkJson.text(root, "method"), ack);
    }

    /** The envelope id as the exact text that was sent; a numeric id becomes its digits. */
    static String idText(JsonNode id) {
        if (id == null || id.isNull()) {
            return "";
        }
        if (id.isContainerNode()) {
            throw new AlinkFormatException("id must be a string");
        }
        return id.asText();
    }

    public byte[] toBytes() {
        return toBytes(id, version, method, ack, out -> out.writeTree(params));
    }

    /**
     * An envelope as {@link #toBytes()} writes one, its params written by {@code params} straight to the bytes: for
     * a message of hundreds of values, whose tree would cost more than writing them.
     */
    public static byte[] toBytes(String id, String version, String method, Integer ack, AlinkJson.Writer params) {
        return AlinkJson.toBytes(out -> {
            out.writeStartObject();
            out.writeStringField("id", id == null ? "" : id);
            out.writeStringField("version", version == null ? VERSION : version);
            out.writeFieldName("params");
            params.writeTo(out);
            if (ack != null) {
                out.writeObjectFieldStart("sys");
                out.writeNumberField("ack", ack);
                out.writeEndObject();
            }
            if (method != null) {
                out.writeStringField("method", method);
            }
            out.writeEndObject();
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlinkRequest r && id.equals(r.id) && Objects.equals(version, r.version)
                && params.equals(r.params) && Objects.equals(method, r.method) && Objects.equals(ack, r.ack);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, method);
    }
}
