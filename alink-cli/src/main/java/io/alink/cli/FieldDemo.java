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
import io.alink.simulator.OpcUaSimulator;
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
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code alink demo --field}: the simulator's example Modbus device and the simulated OPC UA server, the daemon
 * reading them with a Modbus TCP and an OPC UA connector, and the embedded emulator as the cloud, all in this
 * process. It shows the readings of both arriving at the platform (the emulator's property store, fed by the
 * daemon's pack/post messages) for a few seconds, then a property set from the cloud landing in a holding register
 * and a service call from the cloud running an OPC UA method. Succeeds only when every direction worked.
 */
final class FieldDemo {

    private static final Duration WATCH = Duration.ofSeconds(5);
    private static final Duration WATCH_POLL = Duration.ofMillis(500);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final String SUB_PK = DemoProducts.SUB_DEVICE_PRODUCT_KEY;
    private static final String SUB_DN = "sub01";
    private static final String OPCUA_DN = "sub02";
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
        try (ModbusSimulator simulator = ModbusSimulator.tcp(SimulatorConfig.example(), 0);
             OpcUaSimulator cell = OpcUaSimulator.start(new OpcUaSimulator.Settings(0,
                     OpcUaSimulator.Settings.DEFAULT_TICK, Duration.ZERO, null))) {
            out.println("alink demo --field: simulator MODBUS " + simulator.address()
                    + " (unit 1: Temperature, Running, Count, Setpoint)");
            out.println("alink demo --field: simulator OPCUA " + cell.endpoint()
                    + " (ns=2;s=Cell7: Temperature, Count, Setpoint, method Start)");
            Path yaml = Files.writeString(Files.createDirectories(store).resolve("gateway.yaml"),
                    gatewayYaml(simulator.port(), cell.endpoint()));
            try (GatewayDaemon daemon = GatewayDaemon.start(GatewayFile.load(yaml), store,
                    Progress.forThisProcess())) {
                out.println("alink demo --field: daemon of " + yaml + ", southbound " + daemon.southboundUri());
                out.flush();
                daemon.ready().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                boolean up = watchReadings();
                boolean down = setProperty(simulator);
                boolean called = callService(cell);
                out.println("alink demo --field: readings up " + (up ? "ok" : "FAILED") + ", property set down "
                        + (down ? "ok" : "FAILED") + ", service call down " + (called ? "ok" : "FAILED"));
                return up && down && called;
            }
        } catch (ConfigException | ExecutionException | TimeoutException | RuntimeException e) {
            out.println("alink demo --field: FAILED: " + e);
            return false;
        }
    }

    /**
     * Prints the latest values of sub01 and sub02 in the platform's property store whenever newer ones arrived, for a
     * few seconds and until both were heard from (the OPC UA session takes a moment); true if both were.
     */
    private boolean watchReadings() throws IOException, InterruptedException {
        Map<String, Long> newest = new HashMap<>();
        long start = System.nanoTime();
        while (System.nanoTime() - start < WATCH.toNanos()
                || (newest.size() < 2 && System.nanoTime() - start < READY_TIMEOUT.toNanos())) {
            for (String deviceName : List.of(SUB_DN, OPCUA_DN)) {
                JsonNode latest = AlinkJson.parse(send(HttpRequest.newBuilder(admin("/api/devices/" + SUB_PK + "/"
                        + deviceName + "/properties")).GET()).body());
                ObjectNode values = AlinkJson.object();
                long readAt = Long.MIN_VALUE;
                for (Iterator<Map.Entry<String, JsonNode>> fields = latest.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    values.set(field.getKey(), field.getValue().path("value"));
                    readAt = Math.max(readAt, field.getValue().path("time").asLong());
                }
                if (readAt > newest.getOrDefault(deviceName, Long.MIN_VALUE)) {
                    newest.put(deviceName, readAt);
                    out.println("[cloud <- " + deviceName + "] " + values + " read at " + Instant.ofEpochMilli(readAt));
                }
            }
            out.flush();
            Thread.sleep(WATCH_POLL.toMillis());
        }
        return newest.size() == 2;
    }

    /** Sets Setpoint from the cloud and reads the register back from the device; true if it holds the value. */
    private boolean setProperty(ModbusSimulator simulator) throws IOException, InterruptedException {
        String params = "{\"Setpoint\":" + SETPOINT + "}";
        HttpResponse<String> response = post(SUB_DN, "/properties", params);
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

    /** Calls Start on the OPC UA sub-device from the cloud; true if it answered 200 and the cell is running. */
    private boolean callService(OpcUaSimulator cell) throws IOException, InterruptedException {
        String params = "{\"Speed\":40}";
        HttpResponse<String> response = post(OPCUA_DN, "/services/Start", params);
        JsonNode reply = AlinkJson.parse(response.body());
        out.println("[cloud -> " + OPCUA_DN + "] service Start " + params + ": HTTP " + response.statusCode()
                + ", reply code " + reply.path("code").asText("none") + " " + reply.path("data"));
        Object running = cell.value("Running");
        out.println("[device] Cell7.Running now reads " + running);
        return reply.path("code").asInt() == 200 && Boolean.TRUE.equals(running);
    }

    /** A call from the cloud to a sub-device through the admin API: {@code path} below the device, JSON params. */
    private HttpResponse<String> post(String deviceName, String path, String params)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(admin("/api/devices/" + SUB_PK + "/" + deviceName + path
                + "?timeoutMs=10000")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(params)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI admin(String path) {
        return URI.create(emulator.httpUri()).resolve(path);
    }

    /**
     * The README's connector examples against the simulators, for sub01 (Modbus) and sub02 (OPC UA) of the demo
     * products.
     */
    private String gatewayYaml(int modbusPort, String opcUaEndpoint) {
        String gatewayPk = DemoProducts.GATEWAY_PRODUCT_KEY;
        return """
                endpoint: {host: 127.0.0.1, port: %d, tls: false}
                gateway: {productKey: %s, deviceName: gw01, deviceSecret: %s}
                subDevices:
                  - {productKey: %s, deviceName: %s, deviceSecret: %s}
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
                  - name: cell7
                    type: opcua
                    endpoint: %s
                    devices:
                      - productKey: %s
                        deviceName: %s
                        properties:
                          - {identifier: Temperature, node: "ns=2;s=Cell7.Temperature", samplingMs: 1000}
                          - {identifier: Count, node: "ns=2;s=Cell7.Count", samplingMs: 1000}
                          - {identifier: Setpoint, node: "ns=2;s=Cell7.Setpoint", writable: true}
                        services:
                          - {identifier: Start, object: "ns=2;s=Cell7", method: "ns=2;s=Cell7.Start"}
                        events:
                          - {identifier: Alarm, notifier: "ns=2;s=Cell7"}
                """.formatted(emulator.mqttPort(), gatewayPk, DemoCommand.secretOf(gatewayPk, "gw01"), SUB_PK,
                SUB_DN, DemoCommand.secretOf(SUB_PK, SUB_DN), SUB_PK, OPCUA_DN,
                DemoCommand.secretOf(SUB_PK, OPCUA_DN), store, modbusPort, SUB_PK, SUB_DN, opcUaEndpoint, SUB_PK,
                OPCUA_DN);
    }
}
