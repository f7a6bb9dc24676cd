package io.alink.cli;

import io.alink.daemon.connector.opcua.ApplicationCertificate;
import io.alink.dist.LogLevelOption;
import io.alink.simulator.OpcUaSimulator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code alink simulate opcua}: an OPC UA server with a small address space (changing variables, writable
 * setpoints, methods, an event notifier) until SIGINT or SIGTERM. The first stdout line is where it is served, so a
 * script can read it.
 */
@Command(name = "opcua", mixinStandardHelpOptions = true,
        description = {"Serves a simulated OPC UA server on 127.0.0.1 until interrupted: object ns=2;s=Cell7 with"
                + " changing variables, writable Setpoint and Mode, methods Start and Calibrate, and events.",
                "Prints 'OPCUA opc.tcp://127.0.0.1:<port>/sim' as its first line, then the nodes it serves.",
                "Endpoints: no security, and Basic256Sha256 (Sign, SignAndEncrypt) with its own certificate; it"
                        + " accepts every client.",
                "Exit status 2 for a bad option, 1 when it cannot serve."})
final class SimulateOpcUaCommand implements Callable<Integer> {

    static final int DEFAULT_PORT = 4840;

    @Spec
    CommandSpec spec;

    @Mixin
    LogLevelOption logLevel;

    private int port = DEFAULT_PORT;
    private Duration tick = OpcUaSimulator.Settings.DEFAULT_TICK;
    private Duration eventEvery = Duration.ofSeconds(10);
    private int generated;

    @Option(names = "--certificate-dir", paramLabel = "DIR",
            description = "Keep the server's certificate in DIR (made on first start): DIR/"
                    + ApplicationCertificate.CERTIFICATE_FILE + " is what a client's trustDir needs. Without it,"
                    + " each start makes a new one.")
    Path certificateDir;

    @Option(names = "--port", paramLabel = "PORT",
            description = "TCP port on 127.0.0.1; 0 picks a free one. Default " + DEFAULT_PORT + ".")
    void port(int value) {
        port = SimulateCommand.port(spec, value);
    }

    @Option(names = "--tick-ms", paramLabel = "MS",
            description = "How often the changing variables change; default 500.")
    void tick(int millis) {
        tick = positive("--tick-ms", millis, 1);
    }

    @Option(names = "--event-every-ms", paramLabel = "MS",
            description = "How often Cell7 fires an alarm event by itself; 0 for never. Default 10000.")
    void eventEvery(int millis) {
        eventEvery = positive("--event-every-ms", millis, 0);
    }

    @Option(names = "--generated", paramLabel = "N",
            description = "Also serve N Int32 variables ns=3;s=Generated.V0 to V<N-1>, all changing every tick (load"
                    + " for a benchmark). Default 0.")
    void generated(int count) {
        if (count < 0 || count > OpcUaSimulator.Settings.MAX_GENERATED) {
            throw new ParameterException(spec.commandLine(), "--generated must be 0 to "
                    + OpcUaSimulator.Settings.MAX_GENERATED + ", was " + count);
        }
        generated = count;
    }

    private Duration positive(String option, int millis, int min) {
        if (millis < min) {
            throw new ParameterException(spec.commandLine(), option + " must be at least " + min + ", was "
                    + millis);
        }
        return Duration.ofMillis(millis);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OpcUaSimulator simulator;
        try {
            simulator = OpcUaSimulator.start(new OpcUaSimulator.Settings(port, tick, eventEvery,
                    certificateDir == null ? null : certificateDir.toAbsolutePath(), generated));
        } catch (RuntimeException e) {
            err.println("alink simulate opcua: " + e.getMessage());
            err.flush();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "alink-simulate-shutdown"));
        out.println("OPCUA " + simulator.endpoint());
        simulator.describe().forEach(out::println);
        if (certificateDir != null) {
            out.println("certificate " + certificateDir.toAbsolutePath()
                    .resolve(ApplicationCertificate.CERTIFICATE_FILE));
        }
        out.flush();
        // The shutdown hook does the closing; this thread only has to stay alive until then.
        new CountDownLatch(1).await();
        return 0;
    }
}
