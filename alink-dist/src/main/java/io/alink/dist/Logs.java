package io.alink.dist;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import io.alink.daemon.LogLevel;
import io.alink.daemon.LogSettings;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * What an operator sets of logging at run time, on top of logback.xml: the level of alink's own loggers (the
 * libraries' stay as the file says) and a log file beside stderr, rotated by size, in plain lines or JSON lines.
 */
public final class Logs {

    /** Date, time and zone: a line read next to another machine's, or after a clock change, is still placed. */
    public static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{24} - %msg%n";
    private static final String OWN_LOGGERS = "io.alink";
    private static final String FILE_APPENDER = "ALINK_FILE";
    /** How often the file's size is looked at; logback's default, a minute, would let a burst overshoot it by far. */
    private static final Duration SIZE_CHECK = Duration.buildBySeconds(1);

    private Logs() {
    }

    /** Sets the level of alink's own loggers. */
    public static void setLevel(LogLevel level) {
        context().getLogger(OWN_LOGGERS).setLevel(Level.toLevel(level.name()));
    }

    /**
     * Applies a gateway.yaml's {@code logging} key: its level unless the command line gave one, then its file, which
     * replaces the one an earlier call opened.
     *
     * @throws IllegalArgumentException when the log file cannot be opened for writing
     */
    public static void apply(LogSettings settings, boolean levelFromCommandLine) {
        if (settings.level() != null && !levelFromCommandLine) {
            setLevel(settings.level());
        }
        Logger root = context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> previous = root.getAppender(FILE_APPENDER);
        if (previous != null) {
            root.detachAppender(previous);
            previous.stop();
        }
        if (settings.file() != null) {
            root.addAppender(fileAppender(settings));
        }
    }

    private static RollingFileAppender<ILoggingEvent> fileAppender(LogSettings settings) {
        LoggerContext context = context();
        String file = settings.file().toString();
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(FILE_APPENDER);
        appender.setFile(file);
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(settings.maxFiles());
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(new FileSize(settings.maxFileBytes()));
        trigger.setCheckIncrement(SIZE_CHECK);
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(settings.json() ? jsonLines(context) : plainLines(context));
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalArgumentException("cannot write the log file " + Path.of(file)
                    + ": its folder must be writable");
        }
        return appender;
    }

    private static Encoder<ILoggingEvent> plainLines(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }

    /** One JSON object a line, with the message formatted as in a plain line rather than as pattern and arguments. */
    private static Encoder<ILoggingEvent> jsonLines(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithContext(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithSequenceNumber(false);
        encoder.start();
        return encoder;
    }

    private static LoggerContext context() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            return context;
        }
        throw new IllegalStateException("logback is not SLF4J's backend here: " + LoggerFactory.getILoggerFactory());
    }
}
