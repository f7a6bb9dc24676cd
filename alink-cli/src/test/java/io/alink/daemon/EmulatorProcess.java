package io.alink.daemon;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code alink emulator} in a child JVM on a data folder, so that it can be killed with {@code kill -9} and started
 * again where it was, as a platform outage would look to a gateway: first on ephemeral ports, which it prints, then on
 * the MQTT port it had (the gateway reconnects there) and a new HTTP port.
 */
final class EmulatorProcess implements AutoCloseable {

    private static final Pattern MQTT_LINE = Pattern.compile("MQTT tcp://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern HTTP_LINE = Pattern.compile("HTTP http://127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path data;
    private final Path log;
    private int mqttPort;
    private int httpPort;
    private ChildJvm process;

    private EmulatorProcess(Path dir) {
        this.data = dir.resolve("emulator-data");
        this.log = dir.resolve("emulator.log");
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

    /** kill -9, then a new process on the same MQTT port and data folder; returns once it serves. */
    void killAndRestart() throws InterruptedException {
        process.kill();
        startProcess();
    }

    private void startProcess() throws InterruptedException {
        process = ChildJvm.start(log, List.of("emulator", "--mqtt-port", Integer.toString(mqttPort),
                "--http-port", "0", "--data", data.toString()));
        mqttPort = Integer.parseInt(process.awaitLine(MQTT_LINE, START_TIMEOUT).group(1));
        httpPort = Integer.parseInt(process.awaitLine(HTTP_LINE, START_TIMEOUT).group(1));
    }

    @Override
    public void close() {
        process.close();
    }
}
