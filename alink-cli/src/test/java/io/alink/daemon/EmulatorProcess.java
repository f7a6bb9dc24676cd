package io.alink.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code alink emulator} in a child JVM on fixed ports and a data folder, so that it can be killed with
 * {@code kill -9} and started again where it was, as a platform outage would look to a gateway.
 */
final class EmulatorProcess implements AutoCloseable {

    private static final Pattern HTTP_LINE = Pattern.compile("HTTP http://127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path data;
    private final Path log;
    private final int mqttPort;
    private final int httpPort;
    private ChildJvm process;

    private EmulatorProcess(Path dir) {
        this.data = dir.resolve("emulator-data");
        this.log = dir.resolve("emulator.log");
        this.mqttPort = freePort();
        this.httpPort = freePort();
    }

    static EmulatorProcess start(Path dir) throws InterruptedException {
        EmulatorProcess emulator = new EmulatorProcess(dir);
        emulator.startProcess();
        return emulator;
    }

    int mqttPort() {
        return mqttPort;
    }

    Http admin() {
        return new Http(URI.create("http://127.0.0.1:" + httpPort));
    }

    /** kill -9, then a new process on the same ports and data folder; returns once it serves. */
    void killAndRestart() throws InterruptedException {
        process.kill();
        startProcess();
    }

    private void startProcess() throws InterruptedException {
        process = ChildJvm.start(log, List.of("emulator", "--mqtt-port", Integer.toString(mqttPort),
                "--http-port", Integer.toString(httpPort), "--data", data.toString()));
        process.awaitLine(HTTP_LINE, START_TIMEOUT);
    }

    @Override
    public void close() {
        process.close();
    }

    /** A port free now; the emulator binds it a moment later (loopback, so nothing else is likely to take it). */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
