package io.alink.emulator.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.emulator.DeviceConfig;
import io.alink.emulator.MessageRecord;
import io.alink.emulator.config.DemoProducts;
import io.alink.emulator.testing.EmulatorExtension;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.DeviceId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alibaba's official Node.js device SDK ({@code alibabacloud-iot-device-sdk@1.2.8}, pinned in interop/node) drives a
 * whole gateway flow against the emulator; every request must get a matching successful reply. The SDK is installed
 * here, from the lock file, when it is missing.
 */
class NodeSdkInteropTest {

    private static final Path DRIVER_DIR = locateDriver();

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.demo();

    @TempDir
    Path work;

    @BeforeAll
    static void installTheOfficialSdk() throws Exception {
        if (Files.isDirectory(DRIVER_DIR.resolve("node_modules/alibabacloud-iot-device-sdk"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DRIVER_DIR.toFile())
                .redirectErrorStream(true).start();
        String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm ci finished").isTrue();
        assertThat(npm.exitValue()).as("npm ci in %s:%n%s", DRIVER_DIR, out).isZero();
    }

    private static Path locateDriver() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("interop/node"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("interop/node not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("interop/node");
    }

    @Test
    void theOfficialNodeSdkGatewayFlowGetsASuccessfulReplyForEveryRequest() throws Exception {
        DeviceId gw = DeviceId.of(DemoProducts.GATEWAY_PRODUCT_KEY, "gw01");

        List<JsonNode> steps = runDriver("gateway-flow.js", flowConfig(emulator.mqttPort()));

        assertThat(steps).extracting(s -> s.get("step").asText()).containsSubsequence("connect", "addTopo",
                "getTopo", "login", "subPostProps", "subPostEvent", "gatewayPostProps", "registerSubDevice",
                "customPublish", "logout", "removeTopo", "getTopoFinal");

        JsonNode registered = steps.stream().filter(s -> s.get("step").asText().equals("registerSubDevice"))
                .findFirst().orElseThrow().get("data");
        assertThat(registered.get(0).get("deviceName").asText()).isEqualTo("sub03");
        assertThat(emulator.admin().device(gw).orElseThrow().topo())
                .extracting(t -> t.deviceName()).containsExactly("sub01");
        List<MessageRecord> uplink = emulator.admin().messages(DeviceId.of("a1SubPk001", "sub01"), 100);
        assertThat(uplink).extracting(MessageRecord::topic)
                .contains("/sys/a1SubPk001/sub01/thing/event/property/post",
                        "/sys/a1SubPk001/sub01/thing/event/lowpower/post");
    }

    @Test
    void theOfficialNodeSdksTagsConfigShadowAndSyncServiceCallsGetTheirAnswers() throws Exception {
        DeviceId dev = DeviceId.of(DemoProducts.DEVICE_PRODUCT_KEY, "dev01");
        String file = "{\"reportEverySeconds\":15}";
        ObjectNode cfg = AlinkJson.object().put("host", "127.0.0.1").put("port", emulator.mqttPort())
                .put("adminUrl", emulator.httpUri()).put("configFile", file).put("timeoutMs", 30_000)
                .put("hardTimeoutMs", 120_000);
        cfg.set("device", device(dev.productKey(), dev.deviceName()));

        List<JsonNode> steps = runDriver("device-features.js", cfg);

        assertThat(steps).extracting(s -> s.get("step").asText()).containsSubsequence("connect", "postTags",
                "deleteTags", "onConfig", "getConfig", "downloadConfig", "postShadow", "getShadow", "deleteShadow",
                "onShadowControl", "syncService", "disconnect");
        assertThat(emulator.admin().device(dev).orElseThrow().tags()).containsExactly(Map.entry("vendor", "acme"));
        assertThat(steps).filteredOn(s -> s.get("step").asText().equals("downloadConfig"))
                .singleElement().satisfies(s -> assertThat(s.get("content").asText()).isEqualTo(file));
        JsonNode shadow = emulator.admin().deviceState().orElseThrow().shadow(dev);
        assertThat(shadow.at("/state/reported")).isEqualTo(AlinkJson.parse("{\"color\":\"red\"}"));
        assertThat(shadow.at("/state/desired")).isEqualTo(AlinkJson.parse("{\"color\":\"green\"}"));
    }

    /** Runs a driver script with {@code config}; every step it reports must be ok, and it must exit 0. */
    private List<JsonNode> runDriver(String script, ObjectNode config) throws Exception {
        Path configFile = work.resolve(script + ".json");
        Files.writeString(configFile, config.toString());
        Process node = new ProcessBuilder("node", script, configFile.toString()).directory(DRIVER_DIR.toFile())
                .redirectError(work.resolve(script + "-stderr.txt").toFile()).start();
        String stdout = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(90, TimeUnit.SECONDS)).isTrue();

        List<JsonNode> steps = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (!line.isBlank()) {
                steps.add(AlinkJson.parse(line));
            }
        }
        for (JsonNode step : steps) {
            assertThat(step.path("ok").asBoolean()).as("step %s (stderr in %s)", step, work).isTrue();
        }
        assertThat(node.exitValue()).isZero();
        return steps;
    }

    private static ObjectNode flowConfig(int port) throws IOException {
        ObjectNode cfg = AlinkJson.object();
        cfg.put("host", "127.0.0.1");
        cfg.put("port", port);
        cfg.set("gateway", device(DemoProducts.GATEWAY_PRODUCT_KEY, "gw01"));
        cfg.putArray("subDevices").add(device(DemoProducts.SUB_DEVICE_PRODUCT_KEY, "sub01"))
                .add(device(DemoProducts.SUB_DEVICE_PRODUCT_KEY, "sub02"));
        cfg.putArray("register").add(device(DemoProducts.SUB_DEVICE_PRODUCT_KEY, "sub03"));
        cfg.put("customTopic", "/" + DemoProducts.GATEWAY_PRODUCT_KEY + "/gw01/user/update");
        cfg.put("timeoutMs", 30_000);
        cfg.put("hardTimeoutMs", 120_000);
        return cfg;
    }

    /** A demo device as the driver takes it: its secret only when it has one (else it registers). */
    private static ObjectNode device(String productKey, String deviceName) {
        ObjectNode d = AlinkJson.object().put("productKey", productKey).put("deviceName", deviceName);
        DeviceConfig demo = DemoProducts.products().stream().filter(p -> p.productKey().equals(productKey))
                .flatMap(p -> p.devices().stream()).filter(dc -> dc.deviceName().equals(deviceName))
                .findFirst().orElseThrow();
        return demo.deviceSecret() == null ? d : d.put("deviceSecret", demo.deviceSecret());
    }
}
