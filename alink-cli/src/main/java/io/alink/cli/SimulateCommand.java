package io.alink.cli;

import io.alink.dist.LogLevelOption;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code alink simulate}: simulated field devices; each protocol is a subcommand. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulated field devices for the gateway's connectors, on loopback or a serial port.",
        subcommands = {SimulateModbusCommand.class, SimulateOpcUaCommand.class})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LogLevelOption logLevel;

    /** The value of a simulator's {@code --port}: 0 to 65535, 0 picking a free port. */
    static int port(CommandSpec spec, int value) {
        if (value < 0 || value > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535, was " + value);
        }
        return value;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("alink simulate: say which protocol (modbus, opcua).");
        spec.commandLine().usage(err);
        return AlinkCli.EXIT_USAGE;
    }
}
