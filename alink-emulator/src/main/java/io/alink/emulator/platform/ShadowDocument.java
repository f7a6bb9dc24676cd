package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.store.DeviceStateStore.Shadow;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.ShadowMessage;
import java.util.Iterator;
import java.util.Map;

/**
 * One device's shadow as the platform keeps it: {@code state} ({@code reported}, {@code desired}), per-attribute
 * {@code metadata} timestamps and a version; and the rules of changing it. Mutable, used under the shadow lock only.
 */
final class ShadowDocument {
    private final ObjectNode state;
    private final ObjectNode metadata;
    private long version;

    private ShadowDocument(ObjectNode state, ObjectNode metadata, long version) {
        this.state = state;
        this.metadata = metadata;
        this.version = version;
        for (String section : new String[] {"reported", "desired"}) {
            section(state, section);
            section(metadata, section);
        }
    }

    static ShadowDocument empty() {
        return new ShadowDocument(AlinkJson.object(), AlinkJson.object(), 0);
    }

    static ShadowDocument of(Shadow stored) {
        return new ShadowDocument((ObjectNode) AlinkJson.parse(stored.state()),
                (ObjectNode) AlinkJson.parse(stored.metadata()), stored.version());
    }

    Shadow toStored() {
        return new Shadow(state.toString(), metadata.toString(), version);
    }

    long version() {
        return version;
    }

    JsonNode state() {
        return state;
    }

    JsonNode metadata() {
        return metadata;
    }

    /** The document as the admin API shows it: {@code {state, metadata, version}}. */
    ObjectNode toJson() {
        ObjectNode node = AlinkJson.object();
        node.set("state", state.deepCopy());
        node.set("metadata", metadata.deepCopy());
        return node.put("version", version);
    }

    /**
     * The version a change must carry: a number greater than the shadow's.
     *
     * @throws ShadowRefusal 403 when it is no number, 409 when it is not greater
     */
    void requireNewer(JsonNode requested) {
        if (requested == null || !requested.isIntegralNumber() || !requested.canConvertToLong()) {
            throw new ShadowRefusal(ShadowMessage.BAD_VERSION, "version must be a whole number");
        }
        if (requested.asLong() <= version) {
            throw new ShadowRefusal(ShadowMessage.VERSION_CONFLICT, "version " + requested.asLong()
                    + " is not greater than the shadow's version " + version);
        }
    }

    /**
     * Checks a section of a change: an object of attributes, or the text {@code "null"} that clears the section.
     *
     * @throws ShadowRefusal when it is neither, empty, or over {@link ShadowMessage#MAX_ATTRIBUTES}
     */
    static void requireSection(String name, JsonNode section) {
        if (section.isTextual() && ShadowMessage.NULL.equals(section.asText())) {
            return;
        }
        if (!section.isObject()) {
            throw new ShadowRefusal(ShadowMessage.MISSING_REPORTED, name + " must be an object or \"null\"");
        }
        if (section.isEmpty()) {
            throw new ShadowRefusal(ShadowMessage.EMPTY_REPORTED, name + " is empty");
        }
        if (section.size() > ShadowMessage.MAX_ATTRIBUTES) {
            throw new ShadowRefusal(ShadowMessage.TOO_MANY_ATTRIBUTES, name + " has more than "
                    + ShadowMessage.MAX_ATTRIBUTES + " attributes");
        }
    }

    /** Merges a checked section into the document: "null" attributes (or a "null" section) are deleted. */
    void merge(String name, JsonNode section, long timestampSeconds) {
        ObjectNode held = section(state, name);
        ObjectNode times = section(metadata, name);
        if (section.isTextual()) {
            held.removeAll();
            times.removeAll();
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            if (attribute.getValue().isTextual() && ShadowMessage.NULL.equals(attribute.getValue().asText())) {
                held.remove(attribute.getKey());
                times.remove(attribute.getKey());
            } else {
                held.set(attribute.getKey(), attribute.getValue());
                times.putObject(attribute.getKey()).put("timestamp", timestampSeconds);
            }
        }
        if (held.size() > ShadowMessage.MAX_ATTRIBUTES) {
            throw new ShadowRefusal(ShadowMessage.TOO_MANY_ATTRIBUTES, "the shadow would hold more than "
                    + ShadowMessage.MAX_ATTRIBUTES + " " + name + " attributes");
        }
    }

    private static ObjectNode section(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode held ? held : parent.putObject(name);
    }

    void version(long newVersion) {
        this.version = newVersion;
    }

    /** A refused shadow change, with the platform's error code. */
    static final class ShadowRefusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int code;

        ShadowRefusal(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        int code() {
            return code;
        }
    }
}
