package io.alink.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alink.daemon.GatewayFile;
import io.alink.emulator.testing.DeviceIdentity;
import io.alink.emulator.testing.EmulatorExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * alink-gateway-VERSION.tar.gz as an operator gets it: unpacked into a folder of its own, checked for what it holds,
 * and its launcher run against an emulator, from another folder and through a symbolic link.
 */
class DistributionIT {

    /** The goal for the daemon without OPC UA, whose libraries come in an archive of their own. */
    private static final long MAX_UNPACKED_BYTES = 35_000_000;
    private static final Pattern SOUTHBOUND = Pattern.compile("HTTP (http://127\\.0\\.0\\.1:\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.demo();

    @TempDir
    static Path dir;
    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        home = unpacked(archive("alink.dist.archive"), dir.resolve("unpacked"));
    }

    private static Path archive(String property) {
        String built = System.getProperty(property);
        // set by the integration-test execution only, which runs after package built the archives
        assumeTrue(built != null, "no archive: this test runs in mvn verify's integration-test phase");
        return Path.of(built);
    }

    /** Unpacks {@code archive} into {@code into} and answers the one folder it holds. */
    private static Path unpacked(Path archive, Path into) throws Exception {
        Path unpacked = Files.createDirectories(into);
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", unpacked.toString())
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor()).as("tar: %s", output).isZero();
        try (Stream<Path> top = Files.list(unpacked)) {
            List<Path> folders = top.toList();
            assertThat(folders).as("one top folder").hasSize(1);
            return folders.get(0);
        }
    }

    @Test
    void givenTheArchive_whenUnpacked_thenItHoldsTheLauncherConfigurationUnitAndTheDaemonsLibrariesOnly()
            throws Exception {
        assertThat(home.getFileName().toString()).startsWith("alink-gateway-");
        assertThat(home.resolve("bin/alink-gateway")).isExecutable();
        assertThat(home.resolve("config/gateway.example.yaml")).isRegularFile();
        assertThat(home.resolve("config/logback.xml")).isRegularFile();
        assertThat(home.resolve("systemd/alink-gateway.service")).isRegularFile();
        List<String> jars;
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            jars = lib.map(jar -> jar.getFileName().toString()).sorted().toList();
        }
        assertThat(jars).anyMatch(jar -> jar.startsWith("alink-daemon-")).anyMatch(jar -> jar.startsWith("alink-dist-"))
                .anyMatch(jar -> jar.startsWith("logback-classic-")).anyMatch(jar -> jar.startsWith("picocli-"))
                .noneMatch(jar -> jar.startsWith("alink-emulator") || jar.startsWith("hivemq-community-edition")
                        || jar.startsWith("rocksdb") || jar.startsWith("jmh") || jar.startsWith("alink-simulator")
                        || jar.startsWith("alink-cli") || jar.startsWith("bench") || jar.startsWith("junit")
                        || jar.startsWith("assertj") || jar.startsWith("milo-") || jar.startsWith("bcprov"));
        assertThat(unpackedBytes(home)).isLessThan(MAX_UNPACKED_BYTES);
    }

    @Test
    void givenTheExampleConfiguration_whenLoaded_thenEveryKeyInItIsValid() throws Exception {
        GatewayFile example = GatewayFile.load(home.resolve("config/gateway.example.yaml"));

        assertThat(example.subDevices()).hasSize(2);
        assertThat(example.southbound().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void givenAGatewayYaml_whenTheLauncherRunsThroughALinkFromAnotherFolder_thenItsSubDeviceComesOnline()
            throws Exception {
        DeviceIdentity gateway = emulator.newGateway();
        DeviceIdentity sub = emulator.newSubDevice();
        Path state = dir.resolve("state");
        Path log = dir.resolve("logs/gateway.log");
        Path yaml = Files.writeString(dir.resolve("gateway.yaml"), """
                endpoint: {host: 127.0.0.1, port: %d, tls: false}
                gateway: {productKey: %s, deviceName: %s, deviceSecret: %s}
                subDevices:
                  - {productKey: %s, deviceName: %s, deviceSecret: %s}
                southbound: {port: 0}
                shutdownGraceMs: 2000
                logging: {level: warn, file: %s}
                """.formatted(emulator.mqttPort(), gateway.productKey(), gateway.deviceName(), gateway.deviceSecret(),
                sub.productKey(), sub.deviceName(), sub.deviceSecret(), log));
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("links")).resolve("alink-gateway"),
                home.resolve("bin/alink-gateway"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

        try (Launched daemon = Launched.start(new ProcessBuilder(link.toString(), "-c", yaml.toString(),
                "--log-level", "info").directory(elsewhere.toFile()), dir.resolve("stderr.txt"),
                Map.of("STATE_DIRECTORY", state.toString()))) {
            Matcher listening = daemon.awaitLine(SOUTHBOUND, Duration.ofSeconds(60));
            URI southbound = URI.create(listening.group(1));

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(readiness(southbound).path("subDevicesOnline").asInt())
                            .isEqualTo(1));
            assertThat(emulator.online(sub.id())).isTrue();
            assertThat(state.resolve("outbox.db")).as("the store in $STATE_DIRECTORY").isRegularFile();

            assertThat(daemon.terminate(Duration.ofSeconds(60))).as(daemon.stderr()).isZero();
        }
        // INFO lines, as --log-level says over the file's level
        assertThat(Files.readString(log)).contains("Southbound API listening on", "Stopped; the outbox is empty")
                .doesNotContain(gateway.deviceSecret(), sub.deviceSecret());
    }

    @Test
    void givenTheArchive_whenItsSqliteDriverIsListed_thenItCarriesTheNativesOfLinuxOnly() throws Exception {
        Path sqlite;
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            sqlite = lib.filter(jar -> jar.getFileName().toString().startsWith("sqlite-jdbc-")).findFirst()
                    .orElseThrow();
        }
        List<String> natives;
        try (JarFile jar = new JarFile(sqlite.toFile())) {
            natives = jar.stream().map(JarEntry::getName).filter(name -> name.startsWith("org/sqlite/native/")
                    && !name.endsWith("/")).toList();
        }

        assertThat(natives).contains("org/sqlite/native/Linux/x86_64/libsqlitejdbc.so",
                        "org/sqlite/native/Linux/aarch64/libsqlitejdbc.so", "org/sqlite/native/Linux/armv7/libsqlitejdbc.so",
                        "org/sqlite/native/Linux-Musl/x86_64/libsqlitejdbc.so")
                .allMatch(name -> name.startsWith("org/sqlite/native/Linux/")
                        || name.startsWith("org/sqlite/native/Linux-Musl/"));
    }

    @Test
    void givenAnOpcUaConnectorWithoutTheOpcUaArchive_whenTheLauncherRuns_thenItExits2SayingWhatToUnpack()
            throws Exception {
        Path yaml = opcUaGatewayYaml(dir.resolve("opcua-missing"), emulator.newGateway(), emulator.newSubDevice(),
                emulator.newSubDevice());

        try (Launched daemon = Launched.start(new ProcessBuilder(home.resolve("bin/alink-gateway").toString(), "-c",
                yaml.toString()), dir.resolve("opcua-missing/stderr.txt"), Map.of())) {
            assertThat(daemon.awaitExit(Duration.ofSeconds(60))).as(daemon.stderr()).isEqualTo(2);
            assertThat(daemon.stderr()).contains("connectors[0].type", "alink-gateway-*-opcua.tar.gz", "lib/opcua/")
                    .doesNotContain("NoClassDefFoundError");
        }
    }

    @Test
    void givenTheOpcUaArchiveUnpackedOverTheDaemons_whenAnOpcUaConnectorIsConfigured_thenItRunsAndReportsItsFieldLink()
            throws Exception {
        Path both = dir.resolve("with-opcua");
        Path withOpcUa = unpacked(archive("alink.dist.archive"), both);
        assertThat(unpacked(archive("alink.dist.opcua"), both)).as("the same top folder").isEqualTo(withOpcUa);
        try (Stream<Path> lib = Files.list(withOpcUa.resolve("lib/opcua"))) {
            assertThat(lib.map(jar -> jar.getFileName().toString())).anyMatch(jar -> jar.startsWith("milo-sdk-client-"))
                    .anyMatch(jar -> jar.startsWith("bcprov-")).noneMatch(jar -> jar.startsWith("alink-"));
        }
        DeviceIdentity plain = emulator.newSubDevice();
        DeviceIdentity cell = emulator.newSubDevice();
        Path yaml = opcUaGatewayYaml(both, emulator.newGateway(), plain, cell);

        try (Launched daemon = Launched.start(new ProcessBuilder(withOpcUa.resolve("bin/alink-gateway").toString(),
                "-c", yaml.toString()), both.resolve("stderr.txt"), Map.of())) {
            URI southbound = URI.create(daemon.awaitLine(SOUTHBOUND, Duration.ofSeconds(60)).group(1));

            // nothing listens on the OPC UA port: the connector's own error, from Milo, not a missing class
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(fieldOf(southbound, cell).path("lastError").asText())
                            .isNotEmpty());
            assertThat(fieldOf(southbound, cell).path("connector").asText()).isEqualTo("cell7");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> emulator.online(plain.id()));
            assertThat(daemon.terminate(Duration.ofSeconds(60))).as(daemon.stderr()).isZero();
            assertThat(daemon.stderr()).doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
        }
    }

    /** A gateway with a plain sub-device and one behind an OPC UA connector whose server does not listen. */
    private static Path opcUaGatewayYaml(Path folder, DeviceIdentity gateway, DeviceIdentity plain,
            DeviceIdentity cell) throws IOException {
        return Files.writeString(Files.createDirectories(folder).resolve("gateway.yaml"), """
                endpoint: {host: 127.0.0.1, port: %d, tls: false}
                gateway: {productKey: %s, deviceName: %s, deviceSecret: %s}
                subDevices:
                  - {productKey: %s, deviceName: %s, deviceSecret: %s}
                  - {productKey: %s, deviceName: %s, deviceSecret: %s}
                southbound: {port: 0}
                shutdownGraceMs: 2000
                store: %s
                connectors:
                  - name: cell7
                    type: opcua
                    endpoint: opc.tcp://127.0.0.1:1/sim
                    timeoutMs: 1000
                    devices:
                      - productKey: %s
                        deviceName: %s
                        properties:
                          - {identifier: Temperature, node: "ns=2;s=Cell7.Temperature"}
                """.formatted(emulator.mqttPort(), gateway.productKey(), gateway.deviceName(), gateway.deviceSecret(),
                plain.productKey(), plain.deviceName(), plain.deviceSecret(), cell.productKey(), cell.deviceName(),
                cell.deviceSecret(), folder.resolve("store"), cell.productKey(), cell.deviceName()));
    }

    private static JsonNode fieldOf(URI southbound, DeviceIdentity device) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(southbound.resolve("/v1/devices"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode entry : JSON.readTree(response.body())) {
            if (entry.path("deviceName").asText().equals(device.deviceName())) {
                return entry;
            }
        }
        throw new AssertionError("no " + device.deviceName() + " in " + response.body());
    }

    @Test
    void givenTheSystemdUnit_whenVerified_thenSystemdFindsNothingWrongWithIt() throws Exception {
        assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed here");
        // the unit as installed, but with this distribution where the README puts it (/opt/alink-gateway)
        Path unit = Files.writeString(Files.createDirectories(dir.resolve("units")).resolve("alink-gateway.service"),
                Files.readString(home.resolve("systemd/alink-gateway.service")).replace("/opt/alink-gateway",
                        home.toString()));

        Process verify = new ProcessBuilder("systemd-analyze", "verify", unit.toString()).redirectErrorStream(true)
                .start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(verify.waitFor()).as(output).isZero();
        // a value systemd cannot parse is only a warning, "ignoring" it
        assertThat(output.lines().filter(line -> line.contains("alink-gateway.service"))).as(output).isEmpty();
    }

    private static JsonNode readiness(URI southbound) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(southbound.resolve("/readyz"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static long unpackedBytes(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(folder -> !folder.isEmpty() && Files.isExecutable(Path.of(folder, command)));
    }
}
