package io.alink.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured command that installs the gateway's own firmware ({@code ota.gatewayCommand}), run with the
 * verified file's path as its last argument. Its output goes where the daemon's own goes; it gets {@link #TIMEOUT}
 * to end.
 */
final class GatewayHook {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHook.class);
    /** Long enough to write a flash image; a hook that takes longer is taken to hang and is ended. */
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    /** How the hook ended: its exit status, or a description of why it did not run to its end. */
    record Outcome(boolean succeeded, String description) {
    }

    private final List<String> command;

    GatewayHook(List<String> command) {
        this.command = List.copyOf(command);
    }

    boolean isConfigured() {
        return !command.isEmpty();
    }

    /** Runs the hook on the caller's thread, waiting for its end. */
    Outcome run(Path firmware) {
        List<String> arguments = new ArrayList<>(command);
        arguments.add(firmware.toString());
        Process process;
        try {
            process = new ProcessBuilder(arguments).inheritIO().start();
        } catch (IOException e) {
            return new Outcome(false, "the OTA hook " + command.get(0) + " could not start: " + e.getMessage());
        }
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Outcome(false, "the OTA hook did not end within " + TIMEOUT.toMinutes() + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Outcome(false, "the gateway daemon stopped while the OTA hook ran");
        }
        int exit = process.exitValue();
        LOG.info("The OTA hook ended with exit status {}", exit);
        return new Outcome(exit == 0, "the OTA hook exited with status " + exit);
    }
}
