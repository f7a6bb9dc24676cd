package io.alink.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
                "The full run takes about five minutes on 2 cores; --quick under two. See docs/benchmarks.md."})
public final class BenchMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Smaller sizes and fewer repeats (under two minutes on 2 cores).")
    boolean quick;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the table to FILE.")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() {
        // checked before, not after, a run of minutes
        Path folder = out == null ? null : out.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new ParameterException(spec.commandLine(), "--out: no such folder: " + folder);
        }
        String table = Bench.run(quick ? Sizes.quick() : Sizes.full()).markdown();
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
        return 0;
    }
}
