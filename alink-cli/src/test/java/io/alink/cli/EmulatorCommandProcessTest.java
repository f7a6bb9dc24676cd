package io.alink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code alink emulator} as its own JVM, the way the launcher does, and talks to it over loopback. */
class EmulatorCommandProcessTest {

    private static final Pattern MQTT_LINE = Pattern.compile("MQTT tcp://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern HTTP_LINE = Pattern.compile("HTTP http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dataDir;

    private Process process;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void givenFreePorts_whenTheEmulatorStarts_thenStdoutOpensWithWhereToConnectAndBothPortsAnswer() throws Exception {
        process = start("emulator", "--mqtt-port", "0", "--http-port", "0", "--data", dataDir.toString());
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));

        List<String> lines = CompletableFuture.supplyAsync(() -> readLines(stdout, 3)).get(90, TimeUnit.SECONDS);

        Matcher mqtt = MQTT_LINE.matcher(lines.get(0));
        Matcher http = HTTP_LINE.matcher(lines.get(1));
        assertThat(mqtt.matches()).as("first line: %s%nstderr: %s", lines.get(0), stderr).isTrue();
        assertThat(http.matches()).as("second line: %s", lines.get(1)).isTrue();
        assertThat(lines.get(2)).isEqualTo("Demo products (public test identities):");

        HttpResponse<String> devices = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http.group(1) + "/api/devices")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(devices.statusCode()).isEqualTo(200);
        assertThat(devices.body()).contains("\"productKey\":\"a1GwPk0001\"", "\"deviceName\":\"gw01\"");
        try (Socket mqttSocket = new Socket("127.0.0.1", Integer.parseInt(mqtt.group(1)))) {
            assertThat(mqttSocket.isConnected()).isTrue();
        }

        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }

    @Test
    void givenABadConfigFile_whenTheEmulatorStarts_thenItExitsWithCode2AndNamesTheKey() throws Exception {
        Path file = java.nio.file.Files.writeString(dataDir.resolve("bad.yaml"), "mqtt: {port: 99999}\n");

        process = start("emulator", "-c", file.toString());

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("mqtt.port: expected a whole number from 0 to 65535");
        assertThat(process.getInputStream().readAllBytes()).isEmpty();
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                AlinkCli.class.getName()));
        command.addAll(List.of(args));
        Process started = new ProcessBuilder(command).start();
        Thread drain = new Thread(() -> {
            try {
                started.getErrorStream().transferTo(stderr);
            } catch (IOException e) {
                // the process is gone
            }
        }, "stderr-drain");
        drain.setDaemon(true);
        drain.start();
        return started;
    }

    private static List<String> readLines(BufferedReader reader, int count) {
        List<String> lines = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                String line = reader.readLine();
                if (line == null) {
                    break;
                }
                lines.add(line);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        while (lines.size() < count) {
            lines.add("<end of output>");
        }
        return lines;
    }
}
