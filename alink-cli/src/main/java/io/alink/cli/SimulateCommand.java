package io.alink.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code alink simulate}: simulated field devices; each protocol is a subcommand. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulated field devices for the gateway's connectors, on loopback or a serial port.",
        subcommands = {SimulateModbusCommand.class, SimulateOpcUaCommand.class})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("alink simulate: say which protocol (modbus, opcua).");
        spec.commandLine().usage(err);
        return AlinkCli.EXIT_USAGE;
    }
}
