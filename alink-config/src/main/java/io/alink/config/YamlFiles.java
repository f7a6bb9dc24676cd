package io.alink.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads a YAML configuration file into a tree, with errors that name the file and, for bad YAML, the position. */
public final class YamlFiles {

    // A key given twice is almost always a mistake in a hand-written file: refuse it rather than keep the last one.
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** A key as Jackson quotes it in a message. */
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    private YamlFiles() {
    }

    /**
     * The document of {@code file}.
     *
     * @param expected what an empty file should have held, for the message ("a mapping with at least 'gateway'")
     */
    public static JsonNode read(Path file, String expected) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, "", "no such file", e);
        } catch (IOException e) {
            throw new ConfigException(file, "", "cannot read the file: " + e.getMessage(), e);
        }
        return parse(file, bytes, expected);
    }

    /** {@link #read} for bytes already in hand; {@code file} only names them in messages. */
    public static JsonNode parse(Path file, byte[] bytes, String expected) throws ConfigException {
        try {
            JsonNode root = YAML.readTree(bytes);
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw new ConfigException(file, "", "the file is empty; expected " + expected);
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String position = where == null ? "" : "line " + where.getLineNr() + ", column " + where.getColumnNr()
                    + ": ";
            throw new ConfigException(file, "", position + "not valid YAML: " + reason(e), e);
        } catch (IOException e) {
            throw new ConfigException(file, "", "cannot read the file: " + e.getMessage(), e);
        }
    }

    /**
     * What the parser found wrong, without the excerpt of the file that SnakeYAML's own message quotes: the excerpt
     * may hold a secret. The position says where to look.
     */
    private static String reason(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
            return yaml.getContext() == null ? yaml.getProblem() : yaml.getContext() + ": " + yaml.getProblem();
        }
        // Jackson quotes the key it refuses ("Duplicate field 'x'"): a key written without the blank YAML needs after
        // its colon holds its value, which may be a secret
        return QUOTED.matcher(e.getOriginalMessage())
                .replaceAll(quoted -> Matcher.quoteReplacement("'" + ConfigNodes.shownKey(quoted.group(1)) + "'"));
    }
}
