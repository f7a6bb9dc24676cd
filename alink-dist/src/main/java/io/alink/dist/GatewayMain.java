package io.alink.dist;

import picocli.CommandLine;

/**
 * {@code bin/alink-gateway} of the distribution: the gateway command alone, without the emulator and the other tools
 * of {@code alink}, which the distribution does not carry.
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) {
        CommandLine command = new CommandLine(new GatewayCommand());
        command.getCommandSpec().name("alink-gateway");
        System.exit(command.execute(args));
    }
}
