package io.alink.cli;

import io.alink.dist.GatewayCommand;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code alink} command. Each subcommand is one entry of {@code subcommands} below. */
@Command(name = "alink", mixinStandardHelpOptions = true, versionProvider = AlinkCli.Version.class,
        description = "Alibaba Cloud IoT (Alink) gateway tools: a platform emulator on loopback, and more.",
        footer = {"", "./alink bench [--quick] [--out FILE]: the benchmarks (docs/benchmarks.md); the launcher runs them"
                + " from the bench module's jar, so that the gateway's classpath carries none of them."},
        subcommands = {
                CommandLine.HelpCommand.class,
                EmulatorCommand.class,
                DemoCommand.class,
                GatewayCommand.class,
                SimulateCommand.class,
        })
public final class AlinkCli implements Callable<Integer> {

    /** Exit code for a bad command line or configuration, as picocli uses for usage errors. */
    static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@link #main} runs it; tests redirect its output with setOut/setErr. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new AlinkCli());
        IParameterExceptionHandler standard = commandLine.getParameterExceptionHandler();
        commandLine.setParameterExceptionHandler((problem, args) -> standard.handleParseException(
                unknownFirst(problem), args));
        return commandLine;
    }

    /**
     * An unknown option is the problem to report, whatever else is wrong: picocli checks required options first, so
     * {@code alink gateway --confg x.yaml} would otherwise say that {@code --config} is missing, not that
     * {@code --confg} is unknown.
     */
    private static ParameterException unknownFirst(ParameterException problem) {
        List<String> unmatched = problem.getCommandLine().getUnmatchedArguments();
        return problem instanceof UnmatchedArgumentException || unmatched.isEmpty() ? problem
                : new UnmatchedArgumentException(problem.getCommandLine(), unmatched);
    }

    /** {@code alink} alone: say what it can do, and fail, since nothing was done. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("alink: a subcommand is needed.");
        spec.commandLine().usage(err);
        return EXIT_USAGE;
    }

    /** The version Maven wrote into the jar's manifest; none when running from classes (a development build). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = AlinkCli.class.getPackage().getImplementationVersion();
            return new String[] {"alink " + (version == null ? "(development build)" : version)};
        }
    }
}
