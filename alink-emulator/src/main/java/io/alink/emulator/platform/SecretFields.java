package io.alink.emulator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.protocol.AlinkFormatException;
import io.alink.protocol.AlinkJson;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Masks the fields of a payload that carry a secret, so that the console can show the rest. */
final class SecretFields {
    static final String MASK = "***";
    /** The registration pushes and replies carry the first three; a login's sign is as good as a password once. */
    private static final Set<String> SECRET_KEYS = Set.of("deviceSecret", "productSecret", "deviceToken", "sign",
            "password");

    private SecretFields() {
    }

    /** The payload as JSON text with every secret field's value masked, at any depth; null when it is not JSON. */
    static String redact(byte[] payload) {
        JsonNode tree;
        try {
            tree = AlinkJson.parse(payload);
        } catch (AlinkFormatException e) {
            return null;
        }
        mask(tree);
        return tree.toString();
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (SECRET_KEYS.contains(field.getKey())) {
                    field.setValue(object.textNode(MASK));
                } else {
                    mask(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(SecretFields::mask);
        }
    }
}
