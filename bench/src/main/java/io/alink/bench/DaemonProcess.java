package io.alink.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The gateway daemon ({@link SoakDaemon}) in a JVM of its own, for the soak and the field scenario, so that its
 * resident memory, CPU time, threads and open files are its own and can be read from {@code /proc} (Linux only). Its
 * stderr (the daemon's log) goes to a file, shown when it fails.
 */
final class DaemonProcess implements AutoCloseable {

    /**
     * The daemon's JVM as the launchers start {@code alink gateway} (README, "The daemon's memory"): the JVM's
     * default heap sizing lets the heap grow to a quarter of the machine's memory under the daemon's allocation
     * rate, though it holds some 20 MiB; options given later (a bound of another size) win.
     */
    private static final String DEFAULT_GC = "-XX:+UseSerialGC";
    private static final String DEFAULT_HEAP = "-Xmx96m";

    /** What one reading of the process found. */
    record Reading(long heapAfterGcBytes, long rssBytes, int threads, int openFiles) {
    }

    /** What the process used so far: resident memory now and at its peak, CPU time of all its threads. */
    record Usage(long rssBytes, long peakRssBytes, long cpuNanos) {
    }

    private static final String END = "\u0000end of output";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
    /** A full collection of a small heap takes milliseconds; minutes mean the daemon is stuck. */
    private static final Duration HEAP_TIMEOUT = Duration.ofMinutes(2);
    private static final Path PROC = Path.of("/proc");
    /** {@code /proc/<pid>/stat} counts CPU time in USER_HZ ticks, 100 a second on every Linux the JVM runs on. */
    private static final long NANOS_PER_TICK = 10_000_000;
    /** utime and stime: fields 14 and 15 of {@code /proc/<pid>/stat}, counted after the command's closing ')'. */
    private static final int UTIME_AFTER_COMMAND = 11;

    private final Process process;
    private final Path log;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final OutputStream stdin;
    private URI southbound;

    private DaemonProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(this::readStdout, "bench-daemon-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the daemon of {@code gatewayYaml} and returns once its southbound API listens. */
    static DaemonProcess start(Path gatewayYaml, Path log) {
        return start(gatewayYaml, log, List.of());
    }

    /** {@link #start(Path, Path)} with more JVM options (a heap bound, a flight recording). */
    static DaemonProcess start(Path gatewayYaml, Path log, List<String> jvmOptions) {
        if (!Files.isDirectory(PROC.resolve("self"))) {
            throw new IllegalStateException("the daemon's figures are read from /proc: this runs on Linux only");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        if (jvmOptions.stream().noneMatch(option -> option.matches("-XX:\\+Use\\w+GC"))) {
            // the JVM refuses two collectors: one named in the options replaces the default
            command.add(DEFAULT_GC);
        }
        command.add(DEFAULT_HEAP);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SoakDaemon.class.getName(),
                gatewayYaml.toString()));
        DaemonProcess daemon;
        try {
            daemon = new DaemonProcess(new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.to(log.toFile())).start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the daemon's JVM", e);
        }
        try {
            // the JVM may print before it (a flight recording's start, with -XX:StartFlightRecording)
            String first;
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!(first = daemon.awaitLine(START_TIMEOUT)).startsWith("HTTP ")) {
                if (System.nanoTime() - deadline > 0) {
                    throw daemon.failure("no line 'HTTP <uri>' within " + START_TIMEOUT.toSeconds() + " s");
                }
            }
            daemon.southbound = URI.create(first.substring("HTTP ".length()));
            return daemon;
        } catch (RuntimeException e) {
            daemon.close();
            throw e;
        }
    }

    URI southbound() {
        return southbound;
    }

    long pid() {
        return process.pid();
    }

    /** Heap after a full collection (asked of the daemon's JVM), then resident memory, threads and files from /proc. */
    Reading read() {
        long heap = heapAfterGc();
        Path proc = PROC.resolve(Long.toString(process.pid()));
        try (Stream<Path> files = Files.list(proc.resolve("fd"))) {
            List<String> status = Files.readAllLines(proc.resolve("status"));
            return new Reading(heap, statusValue(status, "VmRSS") * 1024, (int) statusValue(status, "Threads"),
                    (int) files.count());
        } catch (IOException e) {
            throw failure("cannot read " + proc + ": " + e.getMessage());
        }
    }

    /** Resident memory ({@code VmRSS}, {@code VmHWM}) and CPU time ({@code utime + stime}), from /proc only. */
    Usage usage() {
        Path proc = PROC.resolve(Long.toString(process.pid()));
        try {
            List<String> status = Files.readAllLines(proc.resolve("status"));
            String stat = Files.readString(proc.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long ticks = Long.parseLong(fields[UTIME_AFTER_COMMAND]) + Long.parseLong(fields[UTIME_AFTER_COMMAND + 1]);
            return new Usage(statusValue(status, "VmRSS") * 1024, statusValue(status, "VmHWM") * 1024,
                    ticks * NANOS_PER_TICK);
        } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
            throw failure("cannot read " + proc + ": " + e.getMessage());
        }
    }

    private long heapAfterGc() {
        try {
            stdin.write((SoakDaemon.HEAP_REQUEST + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw failure("it no longer reads its stdin: " + e.getMessage());
        }
        String answer = awaitLine(HEAP_TIMEOUT);
        String[] words = answer.split(" ", 2);
        if (words.length != 2 || !words[0].equals(SoakDaemon.HEAP_REQUEST) || !words[1].matches("\\d+")) {
            throw failure("it answered the heap request with: " + answer);
        }
        return Long.parseLong(words[1]);
    }

    /** {@code VmRSS:   1234 kB} gives 1234; {@code Threads:  42} gives 42. */
    private long statusValue(List<String> status, String key) {
        return status.stream().filter(line -> line.startsWith(key + ":"))
                .map(line -> line.substring(key.length() + 1).trim().split("\\s+")[0])
                .mapToLong(Long::parseLong).findFirst()
                .orElseThrow(() -> failure("/proc/" + process.pid() + "/status has no " + key));
    }

    /** The daemon's log lines at WARN or ERROR so far, at most {@code max}: what a reader of the soak should see. */
    List<String> warnings(int max) {
        try (Stream<String> all = Files.lines(log)) {
            return all.filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).limit(max).toList();
        } catch (IOException e) {
            return List.of("(its log " + log + " is unreadable: " + e.getMessage() + ")");
        }
    }

    /** SIGTERM, as a service manager stops the daemon; its exit status. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw failure("still running " + timeout.toSeconds() + " s after SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String awaitLine(Duration timeout) {
        String line;
        try {
            line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (line == null || line.equals(END)) {
            throw failure(line == null ? "no answer within " + timeout.toSeconds() + " s" : "it ended");
        }
        return line;
    }

    private IllegalStateException failure(String problem) {
        return new IllegalStateException("the daemon (pid " + process.pid() + "): " + problem
                + "; the end of its log (" + log + "):\n" + tail());
    }

    private String tail() {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Queues the child's stdout lines, then {@link #END} once it closed. */
    private void readStdout() {
        try (Stream<String> output = process.inputReader(StandardCharsets.UTF_8).lines()) {
            output.forEach(lines::add);
        } catch (UncheckedIOException gone) {
            // the process ended under the reader
        }
        lines.add(END);
    }
}
