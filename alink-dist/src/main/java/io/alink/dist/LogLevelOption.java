package io.alink.dist;

import io.alink.daemon.LogLevel;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --log-level LEVEL}, a mixin of every command: the level of alink's own log lines, set as soon as the option
 * is read, so that it holds from the command's first line.
 */
public final class LogLevelOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private LogLevel level;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "error, warn, info, debug or trace: the level of alink's own log lines on stderr (default"
                    + " info; for the gateway, logging.level of its file if given there).")
    void level(String text) {
        level = LogLevel.parse(text).orElseThrow(() -> new ParameterException(command.commandLine(),
                "Invalid value for option '--log-level': '" + text + "' is none of " + LogLevel.names()));
        Logs.setLevel(level);
    }

    /** The level given on the command line; empty when none was. */
    public Optional<LogLevel> level() {
        return Optional.ofNullable(level);
    }
}
