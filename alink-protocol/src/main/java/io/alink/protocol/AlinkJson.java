package io.alink.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The one JSON mapper of the protocol, and helpers every side needs to read Alink payloads leniently. */
public final class AlinkJson {

    /** Nesting beyond this is refused: no real Alink payload comes close, a hostile one could. */
    private static final int MAX_NESTING = 64;

    public static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
    }

    private AlinkJson() {
    }

    public static JsonNodeFactory nodes() {
        return MAPPER.getNodeFactory();
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses JSON text; any syntax problem becomes an {@link AlinkFormatException} with the parser's reason. */
    public static JsonNode parse(byte[] payload) {
        try {
            JsonNode node = MAPPER.readTree(payload);
            if (node == null || node.isMissingNode()) {
                throw new AlinkFormatException("empty payload");
            }
            requireFiniteNumbers(node);
            return node;
        } catch (IOException e) {
            throw new AlinkFormatException("malformed JSON: " + firstLine(e.getMessage()), e);
        }
    }

    public static JsonNode parse(String text) {
        return parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static byte[] toBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
    }

    /** Writes JSON to a generator of {@link #MAPPER}'s. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(JsonGenerator out) throws IOException;
    }

    /** What {@code writer} writes, as bytes: JSON written as it is made, without a tree. */
    public static byte[] toBytes(Writer writer) {
        // as the mapper's writeValueAsBytes does: its pooled buffers, its configured generator
        BufferRecycler recycler = MAPPER.getFactory()._getBufferRecycler();
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(recycler)) {
            try (JsonGenerator out = MAPPER.createGenerator(bytes, JsonEncoding.UTF8)) {
                writer.writeTo(out);
            }
            byte[] written = bytes.toByteArray();
            bytes.release();
            return written;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        } finally {
            recycler.releaseToPool();
        }
    }

    /**
     * A scalar field as text, the way the platform reads it: SDKs send timestamps and flags either as JSON strings
     * or as numbers, and the signature covers their decimal text. Null when absent or not a scalar.
     */
    public static String text(JsonNode object, String field) {
        JsonNode value = object == null ? null : object.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        return value.asText();
    }

    /**
     * A number beyond a double's range reads as Infinity, which JSON cannot hold: written back it would become the
     * string "Infinity". Refused like bad syntax, so what is read writes back the same.
     */
    private static void requireFiniteNumbers(JsonNode node) {
        if (node.isDouble() && !Double.isFinite(node.doubleValue())) {
            throw new AlinkFormatException("number out of range: " + node.asText());
        }
        node.forEach(AlinkJson::requireFiniteNumbers);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
