package io.alink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alink.config.ConfigException;
import io.alink.daemon.GatewayDaemon;
import io.alink.daemon.GatewayFile;
import io.alink.daemon.Progress;
import io.alink.daemon.connector.modbus.ValueException;
import io.alink.emulator.Emulator;
import io.alink.emulator.config.DemoProducts;
import io.alink.protocol.AlinkJson;
import io.alink.simulator.ModbusSimulator;
import io.alink.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code alink demo --field}: the simulator's example device, the daemon reading it with a Modbus TCP connector, and
 * the embedded emulator as the cloud, all in this process. It shows the readings arriving at the platform (the
 * emulator's property store, fed by the daemon's pack/post messages) for a few seconds, then a property set from the cloud landing in a holding register.
 * Succeeds only when both directions worked.
 */
final class FieldDemo {

    private static final Duration WATCH = Duration.ofSeconds(5);
    private static final Duration WATCH_POLL = Duration.ofMillis(500);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final String SUB_PK = DemoProducts.SUB_DEVICE_PRODUCT_KEY;
    private static final String SUB_DN = "sub01";
    private static final String SETPOINT = "23.5";

    private final Emulator emulator;
    private final Path store;
    private final PrintWriter out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FieldDemo(Emulator emulator, Path store, PrintWriter out) {
        this.emulator = emulator;
        this.store = store;
        this.out = out;
    }

    boolean run() throws IOException, InterruptedException {
        try (ModbusSimulator simulator = ModbusSimulator.tcp(SimulatorConfig.example(), 0)) {
            out.println("alink demo --field: simulator MODBUS " + simulator.address()
                    + " (unit 1: Temperature, Running, Count, Setpoint)");
            Path yaml = Files.writeString(Files.createDirectories(store).resolve("gateway.yaml"),
                    gatewayYaml(simulator.port()));
            try (GatewayDaemon daemon = GatewayDaemon.start(GatewayFile.load(yaml), store,
                    Progress.forThisProcess())) {
                out.println("alink demo --field: daemon of " + yaml + ", southbound " + daemon.southboundUri());
                out.flush();
                daemon.ready().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                boolean up = watchReadings();
                boolean down = setProperty(simulator);
                out.println("alink demo --field: readings up " + (up ? "ok" : "FAILED") + ", property set down "
                        + (down ? "ok" : "FAILED"));
                return up && down;
            }
        } catch (ConfigException | ExecutionException | TimeoutException | RuntimeException e) {
            out.println("alink demo --field: FAILED: " + e);
            return false;
        }
    }

    /**
     * Prints sub01's latest values in the platform's property store whenever newer ones arrived, for a few seconds;
     * true if any did.
     */
    private boolean watchReadings() throws IOException, InterruptedException {
        long newest = Long.MIN_VALUE;
        long end = System.nanoTime() + WATCH.toNanos();
        while (System.nanoTime() < end) {
            JsonNode latest = AlinkJson.parse(send(HttpRequest.newBuilder(admin("/api/devices/" + SUB_PK + "/"
                    + SUB_DN + "/properties")).GET()).body());
            ObjectNode values = AlinkJson.object();
            long readAt = Long.MIN_VALUE;
            for (Iterator<Map.Entry<String, JsonNode>> fields = latest.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                values.set(field.getKey(), field.getValue().path("value"));
                readAt = Math.max(readAt, field.getValue().path("time").asLong());
            }
            if (readAt > newest) {
                newest = readAt;
                out.println("[cloud <- " + SUB_DN + "] " + values + " read at " + Instant.ofEpochMilli(readAt));
            }
            out.flush();
            Thread.sleep(WATCH_POLL.toMillis());
        }
        return newest != Long.MIN_VALUE;
    }

    /** Sets Setpoint from the cloud and reads the register back from the device; true if it holds the value. */
    private boolean setProperty(ModbusSimulator simulator) throws IOException, InterruptedException {
        String params = "{\"Setpoint\":" + SETPOINT + "}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(admin("/api/devices/" + SUB_PK + "/" + SUB_DN
                + "/properties?timeoutMs=10000")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(params)));
        JsonNode reply = AlinkJson.parse(response.body());
        out.println("[cloud -> " + SUB_DN + "] property set " + params + ": HTTP " + response.statusCode()
                + ", reply code " + reply.path("code").asText("none") + " " + reply.path("message").asText(""));
        try {
            Object register = simulator.value(1, "Setpoint");
            out.println("[device] holding register 20 of unit 1 now reads " + register);
            return reply.path("code").asInt() == 200 && register.equals(Double.valueOf(SETPOINT));
        } catch (ValueException e) {
            out.println("[device] holding register 20 of unit 1 cannot be read: " + e.getMessage());
            return false;
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI admin(String path) {
        return URI.create(emulator.httpUri()).resolve(path);
    }

    /** The README's connector example against the simulator's example device, for sub01 of the demo products. */
    private String gatewayYaml(int modbusPort) {
        String gatewayPk = DemoProducts.GATEWAY_PRODUCT_KEY;
        return """
                endpoint: {host: 127.0.0.1, port: %d, tls: false}
                gateway: {productKey: %s, deviceName: gw01, deviceSecret: %s}
                subDevices:
                  - {productKey: %s, deviceName: %s, deviceSecret: %s}
                store: %s
                southbound: {port: 0}
                connectors:
                  - name: line1
                    type: modbus-tcp
                    host: 127.0.0.1
                    port: %d
                    devices:
                      - productKey: %s
                        deviceName: %s
                        unitId: 1
                        pollMs: 500
                        properties:
                          - {identifier: Temperature, table: holding, address: 0, type: float32}
                          - {identifier: Running, table: coil, address: 0, type: bool, writable: true}
                          - {identifier: Count, table: input, address: 10, type: uint32, wordOrder: little}
                          - {identifier: Setpoint, table: holding, address: 20, type: int16, scale: 0.1, writable: true}
                """.formatted(emulator.mqttPort(), gatewayPk, DemoCommand.secretOf(gatewayPk, "gw01"), SUB_PK,
                SUB_DN, DemoCommand.secretOf(SUB_PK, SUB_DN), store, modbusPort, SUB_PK, SUB_DN);
    }
}
