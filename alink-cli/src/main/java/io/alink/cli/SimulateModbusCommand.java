package io.alink.cli;

import io.alink.config.ConfigException;
import io.alink.daemon.connector.modbus.SerialSettings;
import io.alink.simulator.ModbusSimulator;
import io.alink.simulator.SimulatedPoint;
import io.alink.simulator.SimulatorConfig;
import io.alink.dist.LogLevelOption;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code alink simulate modbus}: Modbus devices whose registers follow the file's signals and accept writes, until
 * SIGINT or SIGTERM. The first stdout line is where they are served, so a script can read it.
 */
@Command(name = "modbus", mixinStandardHelpOptions = true,
        description = {"Serves simulated Modbus devices: TCP on 127.0.0.1 (or RTU on a serial port with --serial)"
                + " until interrupted.",
                "Prints 'MODBUS tcp://127.0.0.1:<port>' (or 'MODBUS rtu:<port>') as its first line, then the"
                        + " properties it serves.",
                "Without -c it serves unit 1 with the README's example: Temperature, Running, Count and Setpoint.",
                "Exit status 2 for a bad configuration, 1 when it cannot serve."})
final class SimulateModbusCommand implements Callable<Integer> {

    static final int DEFAULT_PORT = 5020;

    @Spec
    CommandSpec spec;

    @Mixin
    LogLevelOption logLevel;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML: devices by unitId, each property mapped as in gateway.yaml plus a signal (README).")
    Path configFile;

    private int port = DEFAULT_PORT;

    @Option(names = "--serial", paramLabel = "PORT",
            description = "Serve Modbus RTU on this serial port (such as one end of a socat pty pair) instead of TCP.")
    String serialPort;

    @Option(names = "--baud-rate", paramLabel = "BAUD", defaultValue = "9600",
            description = "The serial line's baud rate (8 data bits, no parity, 1 stop bit); default 9600.")
    int baudRate;

    @Option(names = "--port", paramLabel = "PORT",
            description = "TCP port on 127.0.0.1; 0 picks a free one. Default " + DEFAULT_PORT + ".")
    void port(int value) {
        port = SimulateCommand.port(spec, value);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SimulatorConfig config;
        try {
            config = configFile == null ? SimulatorConfig.example() : SimulatorConfig.load(configFile);
        } catch (ConfigException e) {
            return fail(err, e.getMessage(), AlinkCli.EXIT_USAGE);
        }
        ModbusSimulator simulator;
        try {
            simulator = serialPort == null ? ModbusSimulator.tcp(config, port)
                    : ModbusSimulator.rtu(config, new SerialSettings(serialPort, baudRate, 8,
                            SerialSettings.Parity.NONE, 1));
        } catch (RuntimeException e) {
            return fail(err, e.getMessage(), 1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "alink-simulate-shutdown"));
        out.println("MODBUS " + simulator.address());
        config.devices().forEach((unitId, points) -> points.forEach(point -> out.println(describe(unitId, point))));
        out.flush();
        // The shutdown hook does the closing; this thread only has to stay alive until then.
        new CountDownLatch(1).await();
        return 0;
    }

    private static String describe(int unitId, SimulatedPoint point) {
        var mapping = point.mapping();
        return "unit " + unitId + ": " + mapping.identifier() + " (" + mapping.table().key() + " "
                + mapping.address() + ", " + mapping.type().key() + ")";
    }

    private static int fail(PrintWriter err, String message, int status) {
        err.println("alink simulate modbus: " + message);
        err.flush();
        return status;
    }
}
