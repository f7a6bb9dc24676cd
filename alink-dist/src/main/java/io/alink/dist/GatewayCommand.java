package io.alink.dist;

import io.alink.config.ConfigException;
import io.alink.daemon.GatewayDaemon;
import io.alink.daemon.GatewayFile;
import io.alink.daemon.Progress;
import io.alink.gateway.GatewayConfig;
import io.alink.gateway.InvalidRequestException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code alink gateway -c gateway.yaml}, and {@code bin/alink-gateway -c gateway.yaml} of the distribution: the gateway
 * daemon, until SIGTERM or Ctrl-C. Its first line on stdout is where the southbound API listens, so a script can read
 * it (port 0 picks a free one); logging goes to stderr, and to the file of the configuration's {@code logging} key.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Runs the gateway of a gateway.yaml until SIGTERM or Ctrl-C: connects, registers and logs in the"
                + " sub-devices, and serves the southbound API for their adapters (see README).",
                "Prints 'HTTP http://127.0.0.1:<port>' (the southbound API) as its first line.",
                "Exit status 0 after a clean stop, 1 when the platform refuses the gateway or it cannot start, 2 for"
                        + " a bad configuration."})
public final class GatewayCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayCommand.class);
    /** How long a signal waits for the stop beyond the grace period: logouts and closing the connection. */
    private static final long STOP_MARGIN_SECONDS = 60;
    /** Set by systemd for a unit with StateDirectory=, as the distribution's: the folder made for the service. */
    private static final String STATE_DIRECTORY = "STATE_DIRECTORY";

    private enum Stop { SIGNAL, FAILED }

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
            description = "gateway.yaml: endpoint, identities, sub-devices, store, outbox, southbound API.")
    Path configFile;

    @Mixin
    LogLevelOption logLevel;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewayFile file;
        try {
            file = GatewayFile.load(configFile);
        } catch (ConfigException e) {
            return fail(err, e.getMessage(), CommandLine.ExitCode.USAGE);
        }
        try {
            Logs.apply(file.logging(), logLevel.level().isPresent());
        } catch (IllegalArgumentException e) {
            return fail(err, configFile + ": logging.file: " + e.getMessage(), CommandLine.ExitCode.USAGE);
        }
        Path store = file.store() != null ? file.store() : defaultStore();
        GatewayDaemon daemon;
        try {
            daemon = GatewayDaemon.start(file, store, Progress.forThisProcess());
        } catch (InvalidRequestException e) {
            return fail(err, configFile + ": " + e.getMessage(), CommandLine.ExitCode.USAGE);
        } catch (RuntimeException e) {
            return fail(err, "cannot start: " + e.getMessage(), 1);
        }
        CompletableFuture<Stop> stop = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> onSignal(stop, stopped, file), "alink-gateway-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        try (daemon) {
            out.println("HTTP " + daemon.southboundUri());
            out.flush();
            daemon.ready().exceptionally(error -> {
                if (stop.complete(Stop.FAILED)) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    fail(err, "cannot connect: " + cause.getMessage(), 1);
                }
                return null;
            });
            return stop.join() == Stop.SIGNAL ? 0 : 1;
        } finally {
            stopped.countDown();
            removeQuietly(hook);
        }
    }

    /**
     * SIGTERM, SIGINT (and anything else that starts the JVM's shutdown): lets the main thread stop the daemon, then
     * ends the process with status 0 (1 if the stop does not finish in time). The JVM would report a signal as 128 + its number, while a stop on request is
     * a success; halting is safe here because the daemon is closed by then.
     */
    private static void onSignal(CompletableFuture<Stop> stop, CountDownLatch stopped, GatewayFile file) {
        if (!stop.complete(Stop.SIGNAL)) {
            // the main thread is already stopping on its own account, with its own exit status
            return;
        }
        LOG.info("Signal received; stopping");
        boolean clean = false;
        try {
            clean = stopped.await(file.shutdownGrace().toSeconds() + STOP_MARGIN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(clean ? 0 : 1);
    }

    /**
     * The store when the file names none: under systemd the service's state folder (the distribution's unit makes
     * /var/lib/alink-gateway), else the library's default in the home folder.
     */
    private static Path defaultStore() {
        String state = System.getenv(STATE_DIRECTORY);
        // several StateDirectory= folders come separated by colons; the first is the unit's own
        return state == null || state.isBlank() ? GatewayConfig.defaultStoreDir() : Path.of(state.split(":")[0]);
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it ends the process
        }
    }

    private int fail(PrintWriter err, String message, int status) {
        err.println(spec.qualifiedName() + ": " + message);
        err.flush();
        return status;
    }
}
