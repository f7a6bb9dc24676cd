package io.alink.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.config.ConfigException;
import io.alink.config.ConfigNodes;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@code logging} key of a gateway.yaml: the level of the gateway's own loggers, and a log file beside stderr,
 * rotated by size, in plain lines or JSON lines. Only read here: the logging backend, which only the command line
 * and the distribution carry, applies it.
 *
 * @param level        null to keep the level of logback.xml (or of {@code --log-level})
 * @param file         null to log to stderr only
 * @param maxFileBytes the size at which the file is rotated
 * @param maxFiles     rotated files kept beside the current one ({@code gateway.log.1} is the newest)
 * @param json         the file in JSON lines (one object per event) rather than in plain lines
 */
public record LogSettings(LogLevel level, Path file, long maxFileBytes, int maxFiles, boolean json) {

    static final String KEY = "logging";
    public static final int DEFAULT_MAX_FILE_MB = 10;
    public static final int DEFAULT_MAX_FILES = 5;
    /** logback's fixed window rotation keeps at most 20 files. */
    public static final int MAX_FILES = 20;
    public static final LogSettings DEFAULT = new LogSettings(null, null, megabytes(DEFAULT_MAX_FILE_MB),
            DEFAULT_MAX_FILES, false);

    private static final Set<String> KEYS = Set.of("level", "file", "maxFileSizeMb", "maxFiles", "json");
    private static final int MAX_FILE_MB = 1024;

    static LogSettings parse(JsonNode node) throws ConfigException {
        if (node == null || node.isNull()) {
            return DEFAULT;
        }
        ObjectNode logging = ConfigNodes.object(node, KEY, KEYS);
        String levelName = ConfigNodes.optionalText(logging, KEY, "level");
        LogLevel level = null;
        if (levelName != null) {
            level = LogLevel.parse(levelName).orElseThrow(() -> new ConfigException(null, KEY + ".level",
                    "expected one of " + LogLevel.names() + ", found '" + levelName + "'"));
        }
        String file = ConfigNodes.optionalText(logging, KEY, "file");
        boolean json = ConfigNodes.optionalBoolean(logging, KEY, "json", false);
        if (json && file == null) {
            throw new ConfigException(null, KEY + ".json", "JSON lines go to the log file: set logging.file too"
                    + " (stderr keeps the pattern of logback.xml)");
        }
        return new LogSettings(level, file == null ? null : Path.of(file).toAbsolutePath().normalize(),
                megabytes(ConfigNodes.optionalInt(logging, KEY, "maxFileSizeMb", DEFAULT_MAX_FILE_MB, 1, MAX_FILE_MB)),
                ConfigNodes.optionalInt(logging, KEY, "maxFiles", DEFAULT_MAX_FILES, 1, MAX_FILES), json);
    }

    private static long megabytes(int megabytes) {
        return megabytes * 1024L * 1024L;
    }
}
