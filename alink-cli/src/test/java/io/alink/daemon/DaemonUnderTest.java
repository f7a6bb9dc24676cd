package io.alink.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.protocol.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One daemon in this JVM for the tests of a class, and its southbound API. The class starts it from its
 * {@code @BeforeAll}, once what the daemon needs (an emulator, a simulator, files) is up; the extension closes it
 * after the class's tests, then what the class handed it to close afterwards (a simulator the daemon reads from).
 *
 * <pre>{@code
 * @RegisterExtension static final DaemonUnderTest daemon = new DaemonUnderTest();
 * @BeforeAll static void start() throws Exception { daemon.start(dir, GATEWAYS.yaml("gw", port, daemon.store(dir), "")); }
 * }</pre>
 */
final class DaemonUnderTest implements AfterAllCallback {
    private final Deque<AutoCloseable> closeAfterwards = new ArrayDeque<>();
    private GatewayDaemon daemon;
    private Http southbound;

    /** The store folder {@link #start} gives the daemon in {@code dir}. */
    Path store(Path dir) {
        return dir.resolve("store");
    }

    /** Writes {@code yaml} as {@code dir}/gateway.yaml and starts its daemon, once it brought its sub-devices up. */
    void start(Path dir, String yaml) throws Exception {
        daemon = TestGateways.startDaemon(Files.writeString(dir.resolve("gateway.yaml"), yaml), store(dir));
        southbound = new Http(daemon.southboundUri());
    }

    /** Closed after the daemon, last handed first. */
    <T extends AutoCloseable> T closeAfterwards(T resource) {
        closeAfterwards.push(resource);
        return resource;
    }

    GatewayDaemon daemon() {
        return daemon;
    }

    Http southbound() {
        return southbound;
    }

    /** The device's entry in the southbound API's {@code GET /v1/devices}. */
    JsonNode listed(DeviceId device) {
        return StreamSupport.stream(southbound.getJson("/v1/devices").spliterator(), false)
                .filter(entry -> entry.path("productKey").asText().equals(device.productKey())
                        && entry.path("deviceName").asText().equals(device.deviceName()))
                .findFirst().orElseThrow(() -> new AssertionError(device + " is not listed"));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        while (!closeAfterwards.isEmpty()) {
            closeAfterwards.pop().close();
        }
    }
}
