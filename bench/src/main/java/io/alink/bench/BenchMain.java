package io.alink.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code alink bench}: the end-to-end benchmark scenarios, each against an embedded emulator on loopback. Stdout gets
 * the result table and nothing else, so that it can be piped; progress is logged to stderr. The launcher runs this from
 * the bench module's own jar, so that nothing of the benchmarks is on the classpath of {@code alink gateway}.
 */
@Command(name = "alink bench", mixinStandardHelpOptions = true,
        description = {"Runs the benchmark scenarios against embedded emulators on 127.0.0.1 and prints one Markdown "
                + "table: each figure, its baseline measured in the same run, and their ratio.",
                "The full run takes about five minutes on 2 cores; --quick under two. See docs/benchmarks.md.",
                "--soak MINUTES runs the gateway daemon under steady load instead, and prints its readings each minute;"
                        + " exit status 1 if a message was lost or the daemon did not stop cleanly."})
public final class BenchMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Smaller sizes and fewer repeats (under two minutes on 2 cores).")
    boolean quick;

    @Option(names = "--field", description = "Only scenario 6: simulated field devices → the gateway daemon (a"
            + " process of its own) → the emulator, with its baselines; Modbus TCP, then OPC UA.")
    boolean fieldOnly;

    @Option(names = "--capacity", description = "Only scenario 5: device connections held (10,000 in a full run) and"
            + " messages routed by the emulator and by a bare HiveMQ CE; and scenario 1 again on that bare broker.")
    boolean capacityOnly;

    @Option(names = "--gateway-cost", description = "Only scenario 1 on a bare HiveMQ CE: the gateway library and the"
            + " bare client publishing with nothing of the platform in the way, so that the ratio is the library's"
            + " own cost.")
    boolean gatewayCostOnly;

    @Option(names = "--durable", description = "Only scenarios 7 and 8: adapters posting to the gateway daemon's"
            + " southbound API (a process of its own), with the journal's and the HTTP server's limits; then the"
            + " outbox's backlog sent after an outage, against the live rate.")
    boolean durableOnly;

    @Option(names = "--field-protocol", paramLabel = "PROTOCOL", description = "With --field: only this protocol"
            + " (${COMPLETION-CANDIDATES}).")
    FieldProtocol fieldProtocol;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the table to FILE.")
    Path out;

    @Option(names = "--soak", paramLabel = "MINUTES", description = "Soak the gateway daemon for MINUTES under load,"
            + " the platform restarting every few minutes: heap after GC, RSS, threads and open files each minute.")
    Integer soakMinutes;

    @Option(names = "--soak-rate", paramLabel = "POSTS_PER_SECOND", defaultValue = "" + SoakPlan.DEFAULT_RATE,
            description = "Property posts per second of the soak, all adapters together (default ${DEFAULT-VALUE}).")
    int soakRate;

    @Option(names = "--soak-adapters", paramLabel = "N", defaultValue = "" + SoakPlan.DEFAULT_ADAPTERS,
            description = "Adapter threads of the soak, each with one keep-alive connection (default ${DEFAULT-VALUE}).")
    int soakAdapters;

    @Option(names = "--soak-restart-minutes", paramLabel = "MINUTES",
            defaultValue = "" + SoakPlan.DEFAULT_RESTART_MINUTES,
            description = "Minutes between two platform restarts during the soak (default ${DEFAULT-VALUE}).")
    int soakRestartMinutes;

    /** Readings more often than each minute: for a short soak in a test or a try-out. */
    @Option(names = "--soak-sample-seconds", hidden = true, defaultValue = "60")
    int soakSampleSeconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        // checked before, not after, a run of minutes
        long parts = java.util.stream.Stream.of(soakMinutes != null, fieldOnly, durableOnly, capacityOnly,
                gatewayCostOnly).filter(chosen -> chosen).count();
        if (parts > 1) {
            throw new ParameterException(spec.commandLine(), "--soak, --field, --durable, --capacity and --gateway-cost"
                    + " each run one part alone: choose one");
        }
        if (fieldProtocol != null && !fieldOnly) {
            throw new ParameterException(spec.commandLine(), "--field-protocol goes with --field");
        }
        Path folder = out == null ? null : out.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new ParameterException(spec.commandLine(), "--out: no such folder: " + folder);
        }
        String table;
        boolean clean = true;
        if (soakMinutes != null) {
            SoakReport report = Soak.run(soakPlan());
            table = report.markdown();
            clean = report.totals().clean();
        } else if (capacityOnly) {
            table = Bench.capacity(quick ? Sizes.quick() : Sizes.full()).markdown();
        } else if (gatewayCostOnly) {
            table = Bench.gatewayCost(quick ? Sizes.quick() : Sizes.full()).markdown();
        } else if (durableOnly) {
            table = Bench.durable(quick ? Sizes.quick() : Sizes.full()).markdown();
        } else if (fieldOnly) {
            table = Bench.field(quick ? Sizes.quick() : Sizes.full(),
                    fieldProtocol == null ? FieldProtocol.ALL : Set.of(fieldProtocol)).markdown();
        } else {
            table = Bench.run(quick ? Sizes.quick() : Sizes.full()).markdown();
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(table);
        stdout.flush();
        if (out != null) {
            try {
                Files.writeString(out, table);
            } catch (IOException e) {
                spec.commandLine().getErr().println("alink bench: cannot write " + out + ": " + e.getMessage());
                return 1;
            }
        }
        return clean ? 0 : 1;
    }

    private SoakPlan soakPlan() {
        if (quick) {
            throw new ParameterException(spec.commandLine(), "--quick is for the benchmarks, not --soak");
        }
        try {
            return SoakPlan.ofMinutes(soakMinutes).withRate(soakRate).withAdapters(soakAdapters)
                    .withReconnectEvery(Duration.ofMinutes(soakRestartMinutes))
                    .withSampleEvery(Duration.ofSeconds(soakSampleSeconds));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--soak: " + e.getMessage());
        }
    }
}
