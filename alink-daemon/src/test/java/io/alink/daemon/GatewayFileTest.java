package io.alink.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alink.config.ConfigException;
import io.alink.gateway.outbox.OutboxLimits;
import io.alink.protocol.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** gateway.yaml: what it gives, its defaults, and how it names what is wrong. */
class GatewayFileTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        return Files.writeString(dir.resolve("gateway.yaml"), yaml);
    }

    @Test
    void givenTheDaemonsKeys_whenLoaded_thenEachIsRead() throws Exception {
        GatewayFile file = GatewayFile.load(file("""
                endpoint: {host: 127.0.0.1, port: 1883, tls: false}
                region: cn-hangzhou
                keepaliveSec: 45
                gateway: {productKey: a1GwPk0001, productSecret: GwProductSecret001, deviceName: gw02}
                subDevices:
                  - {productKey: a1SubPk001, deviceName: sub01, deviceSecret: s1}
                  - {productKey: a1SubPk001, deviceName: sub03, productSecret: p1}
                store: ./gateway-data
                outbox: {maxBytes: 1048576, maxAgeHours: 24, historyAfterSeconds: 300}
                reconnect: {minDelayMs: 500, maxDelayMs: 30000}
                southbound: {host: localhost, port: 8766, commandTimeoutMs: 5000}
                shutdownGraceMs: 2000
                """));

        assertThat(file.gateway().id()).isEqualTo(DeviceId.of("a1GwPk0001", "gw02"));
        assertThat(file.gateway().deviceSecret()).isNull();
        assertThat(file.endpoint().port()).isEqualTo(1883);
        assertThat(file.endpoint().tls()).isFalse();
        assertThat(file.region()).isEqualTo("cn-hangzhou");
        assertThat(file.keepAliveSeconds()).isEqualTo(45);
        assertThat(file.subDevices()).extracting(GatewayFile.Device::productSecret).containsExactly(null, "p1");
        assertThat(file.store()).isEqualTo(Path.of("gateway-data").toAbsolutePath());
        assertThat(file.outbox()).isEqualTo(new OutboxLimits(1_048_576, Duration.ofHours(24)));
        assertThat(file.historyAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(file.reconnect()).isEqualTo(new GatewayFile.Reconnect(Duration.ofMillis(500),
                Duration.ofSeconds(30)));
        assertThat(file.southbound()).isEqualTo(new GatewayFile.Southbound("localhost", 8766, Duration.ofSeconds(5),
                null));
        assertThat(file.shutdownGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(file.toString()).doesNotContain("GwProductSecret001", "s1,", "p1,");
    }

    @Test
    void givenOnlyTheGateway_whenLoaded_thenTheDefaultsFitASmallGatewayOnLoopback() throws Exception {
        GatewayFile file = GatewayFile.load(file("gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: x}"));

        assertThat(file.endpoint()).isNull();
        assertThat(file.store()).isNull();
        assertThat(file.outbox()).isEqualTo(OutboxLimits.DEFAULT);
        assertThat(file.historyAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(file.reconnect()).isEqualTo(GatewayFile.DEFAULT_RECONNECT);
        assertThat(file.southbound()).isEqualTo(new GatewayFile.Southbound("127.0.0.1", 8765, Duration.ofSeconds(30),
                null));
        assertThat(file.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(file.subDevices()).isEmpty();
        assertThat(file.logging()).isEqualTo(LogSettings.DEFAULT);
    }

    @Test
    void givenAToken_whenLoaded_thenTheSouthboundApiMayListenBeyondLoopbackAndTheTokenIsNotShown()
            throws Exception {
        GatewayFile file = GatewayFile.load(file("""
                gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: x}
                southbound: {host: 0.0.0.0, token: "Adapt3rs-only_token.0123~+/=="}
                """));

        assertThat(file.southbound().host()).isEqualTo("0.0.0.0");
        assertThat(file.southbound().token()).isEqualTo("Adapt3rs-only_token.0123~+/==");
        assertThat(file.toString()).contains("token=***").doesNotContain("Adapt3rs-only_token");
    }

    @Test
    void givenTheLoggingKey_whenLoaded_thenLevelFileRotationAndFormatAreRead() throws Exception {
        GatewayFile file = GatewayFile.load(file("""
                gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: x}
                logging: {level: DEBUG, file: logs/gateway.log, maxFileSizeMb: 2, maxFiles: 3, json: true}
                """));

        assertThat(file.logging()).isEqualTo(new LogSettings(LogLevel.DEBUG,
                Path.of("logs/gateway.log").toAbsolutePath(), 2 * 1024 * 1024, 3, true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "southbound: {host: 192.168.1.10}|southbound.host: expected a loopback address (127.0.0.1, ::1 or"
                + " localhost), found \"192.168.1.10\": without a southbound.token",
        "southbound: {host: 0.0.0.0}|southbound.host: expected a loopback address (127.0.0.1, ::1 or localhost),"
                + " found \"0.0.0.0\": without a southbound.token",
        "southbound: {host: 0.0.0.0, token: short-t0ken}|southbound.token: expected at least 16 characters",
        "southbound: {token: 'has spaces in it, 0123456789'}|southbound.token: expected at least 16 characters",
        "logging: {level: verbose}|logging.level: expected one of error, warn, info, debug, trace, found 'verbose'",
        "logging: {json: true}|logging.json: JSON lines go to the log file: set logging.file too",
        "logging: {file: g.log, maxFiles: 21}|logging.maxFiles: expected a whole number from 1 to 20",
        "logging: {file: g.log, maxFileSizeMb: 0}|logging.maxFileSizeMb: expected a whole number from 1 to 1024",
        "logging: {files: g.log}|logging.files: unknown key",
        "southbound: {host: vm.example}|southbound.host: expected a loopback address",
        "southbound: {port: 70000}|southbound.port: expected a whole number from 0 to 65535",
        "outbox: {maxBytes: -1}|outbox.maxBytes: expected a positive whole number of bytes, found the number -1",
        "outbox: {maxBytes: 1, maxAgeHours: 0}|outbox.maxAgeHours: expected a whole number from 1",
        "reconnect: {minDelayMs: 5000, maxDelayMs: 100}|reconnect.maxDelayMs: expected a whole number from 5000",
        "keepaliveSec: 10|keepaliveSec: expected a whole number from 30 to 1200, found the number 10",
        "region: Shanghai!|region: expected a region id such as cn-shanghai, found \"Shanghai!\"",
        "outbox: {maxbytes: 1}|unknown key 'outbox.maxbytes'; expected one of historyAfterSeconds, maxAgeHours,"
                + " maxBytes",
        "outbox: {historyAfterSeconds: 0}|outbox.historyAfterSeconds: expected a whole number from 1 to 86400",
        "subDevices: [{productKey: a1SubPk001, deviceName: sub01}]|subDevices[0]: needs a deviceSecret, or a"
                + " productSecret",
        "subDevices: [{productKey: a1SubPk001, deviceName: '1', deviceSecret: 1}]|subDevices[0].deviceSecret:"
                + " expected a string, found a number (put it in quotes)",
        "endpoint: {host: 127.0.0.1}|endpoint: needs host and port",
    })
    void givenABadKey_whenLoaded_thenTheFileTheKeyPathAndTheExpectationAreNamed(String line, String message)
            throws Exception {
        Path file = file("gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: x}\n" + line + "\n");

        assertThatThrownBy(() -> GatewayFile.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": ").hasMessageContaining(message);
    }

    @Test
    void givenASubDeviceTwice_whenLoaded_thenTheSecondIsNamed() throws Exception {
        Path file = file("""
                gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret: x}
                subDevices:
                  - {productKey: a1SubPk001, deviceName: sub01, deviceSecret: s1}
                  - {productKey: a1SubPk001, deviceName: sub01, deviceSecret: s2}
                """);

        assertThatThrownBy(() -> GatewayFile.load(file)).hasMessageContaining(
                "subDevices[1]: duplicate sub-device a1SubPk001/sub01").hasMessageNotContaining("s2");
    }

    @Test
    void givenASecretWithoutTheSpaceAfterItsColon_whenLoaded_thenTheKeyIsNamedButNotTheSecret() throws Exception {
        Path file = file("gateway: {productKey: a1GwPk0001, deviceName: gw01, deviceSecret:Gw5ecret0123}\n");

        assertThatThrownBy(() -> GatewayFile.load(file)).hasMessageContaining("unknown key 'gateway.deviceSecret:...'")
                .hasMessageNotContaining("Gw5ecret0123");
    }

    @Test
    void givenNoFileOrBrokenYaml_whenLoaded_thenTheProblemIsSaid() throws Exception {
        assertThatThrownBy(() -> GatewayFile.load(dir.resolve("absent.yaml"))).hasMessageEndingWith("no such file");
        Path broken = file("gateway: {productKey: [\n");
        assertThatThrownBy(() -> GatewayFile.load(broken)).hasMessageContaining("not valid YAML");
    }
}
