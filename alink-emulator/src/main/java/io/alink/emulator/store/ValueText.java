package io.alink.emulator.store;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.AlinkJson;
import java.nio.charset.StandardCharsets;

/**
 * A property value's JSON text, as the property store keeps it. Numbers, booleans and strings (nearly every value a
 * device reports) are written straight to text: a Jackson generator per value was a fifth of the values writer's
 * time. Anything else goes through Jackson; the text is the same either way.
 */
final class ValueText {

    private ValueText() {
    }

    static String of(JsonNode value) {
        if (value.isInt() || value.isLong() || value.isDouble()) {
            // the text Jackson writes for these: Integer, Long and Double.toString
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "true" : "false";
        }
        if (value.isTextual() && !hasSurrogates(value.textValue())) {
            return quote(new StringBuilder(value.textValue().length() + 2), value.textValue()).toString();
        }
        return new String(AlinkJson.toBytes(value), StandardCharsets.UTF_8);
    }

    /** Appends {@code text} as a JSON string. */
    static StringBuilder quote(StringBuilder json, String text) {
        json.append('"');
        if (needsEscapes(text)) {
            JsonStringEncoder.getInstance().quoteAsString(text, json);
        } else {
            // identifiers are letters, digits and underscores: nothing to escape, and the encoder's buffers cost more
            json.append(text);
        }
        return json.append('"');
    }

    private static boolean needsEscapes(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** Jackson writes a character beyond the BMP as two escapes; left to it, the text stays the same. */
    private static boolean hasSurrogates(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
