package io.alink.config;

import java.nio.file.Path;

/**
 * A configuration that cannot be used. The message names the file (when there is one), the path of the offending
 * key ({@code products[0].devices[1].deviceName}) and what was expected there, so a person can fix it without
 * reading code. The message shows the offending value, unless its key is named like a secret
 * ({@link ConfigNodes#mayHoldSecret}); a YAML parse error never quotes the file.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String keyPath;
    private final String problem;

    public ConfigException(Path file, String keyPath, String problem) {
        super(render(file, keyPath, problem));
        this.file = file;
        this.keyPath = keyPath == null ? "" : keyPath;
        this.problem = problem;
    }

    public ConfigException(Path file, String keyPath, String problem, Throwable cause) {
        this(file, keyPath, problem);
        initCause(cause);
    }

    /** The same problem, attributed to {@code file}. */
    public ConfigException inFile(Path configFile) {
        return new ConfigException(configFile, keyPath, problem, getCause());
    }

    /** The file the problem is in; null when the configuration did not come from a file (the admin API). */
    public Path file() {
        return file;
    }

    /** Where in the document: {@code products[0].nodeType}; empty for the document as a whole. */
    public String keyPath() {
        return keyPath;
    }

    /** What was wrong or expected, without the file and key path. */
    public String problem() {
        return problem;
    }

    private static String render(Path file, String keyPath, String problem) {
        StringBuilder message = new StringBuilder();
        if (file != null) {
            message.append(file).append(": ");
        }
        if (keyPath != null && !keyPath.isEmpty()) {
            message.append(keyPath).append(": ");
        }
        return message.append(problem).toString();
    }
}
