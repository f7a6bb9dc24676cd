package io.alink.daemon;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The levels an operator chooses from: {@code --log-level} on the command line, {@code logging.level} in a file. */
public enum LogLevel {
    ERROR, WARN, INFO, DEBUG, TRACE;

    /** Any case, as in {@code debug}; empty for anything else. */
    public static Optional<LogLevel> parse(String text) {
        return Arrays.stream(values()).filter(level -> level.name().equalsIgnoreCase(text)).findFirst();
    }

    /** {@code error, warn, info, debug, trace}, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(level -> level.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
