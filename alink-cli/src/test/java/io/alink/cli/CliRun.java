package io.alink.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the alink command line in-process and keeps what it wrote to stdout and stderr. */
final class CliRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cli = AlinkCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** All it wrote to stdout so far. */
    String out() {
        return out.toString();
    }

    /** All it wrote to stderr so far. */
    String err() {
        return err.toString();
    }
}
