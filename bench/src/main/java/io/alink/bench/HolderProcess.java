package io.alink.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link ConnectionHolder} in a JVM of its own: started, read once it holds its connections, then released. */
final class HolderProcess implements AutoCloseable {

    /**
     * What the holder reported: connections held after the hold time, seconds it took to open them, and the CPU
     * time its own process used opening them (nanoseconds), which the neighbours on a shared machine do not change.
     */
    record Held(int connections, double seconds, long cpuNanos) {
    }

    private static final long CLOSE_TIMEOUT_SECONDS = 120;

    private final Process process;
    private final BufferedReader stdout;
    private final Path log;

    private HolderProcess(Process process, Path log) {
        this.process = process;
        this.stdout = process.inputReader(StandardCharsets.UTF_8);
        this.log = log;
    }

    static HolderProcess start(int port, String productKey, int count, int wave, Path log) {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), ConnectionHolder.class.getName(),
                Integer.toString(port), productKey, Integer.toString(count), Integer.toString(wave));
        try {
            return new HolderProcess(new ProcessBuilder(command).redirectError(log.toFile()).start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the connection holder's JVM", e);
        }
    }

    /** Blocks until the holder opened its connections and held them; fails with its log if it ended instead. */
    Held awaitHeld() {
        try {
            for (String line; (line = stdout.readLine()) != null; ) {
                String[] words = line.split(" ");
                if (words.length == 4 && words[0].equals(ConnectionHolder.HELD)) {
                    return new Held(Integer.parseInt(words[1]), Double.parseDouble(words[2]),
                            Long.parseLong(words[3]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the connection holder's output", e);
        }
        throw new IllegalStateException("the connection holder ended before it held its connections; its log:\n"
                + logText());
    }

    /** Disconnects its devices and waits for the process to end. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
