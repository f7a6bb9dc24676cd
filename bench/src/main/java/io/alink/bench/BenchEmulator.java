package io.alink.bench;

import io.alink.emulator.DeviceConfig;
import io.alink.emulator.Emulator;
import io.alink.emulator.EmulatorConfig;
import io.alink.emulator.Limits;
import io.alink.emulator.MessageRecord;
import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import io.alink.protocol.DeviceId;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * An emulator on loopback (free ports, a temporary data folder) with the platform's limits but the given login rate,
 * where each measurement creates fresh products, so that no run finds state an earlier one left behind. The soak's
 * emulator keeps its state in a folder of its own instead, so that it can restart.
 */
final class BenchEmulator implements AutoCloseable {

    /** Every bench device has this secret: the signatures cost the same whatever it is. */
    static final String SECRET = "BenchDeviceSecret0123456789abcdef";

    private final EmulatorConfig config;
    private final AtomicInteger products = new AtomicInteger();
    private volatile Emulator emulator;

    private BenchEmulator(EmulatorConfig config) {
        this.config = config;
        this.emulator = Emulator.start(config);
    }

    /** @param loginsPerSecond the emulator's sub-device login limit per gateway; 0 turns it off */
    static BenchEmulator start(int loginsPerSecond) {
        return new BenchEmulator(EmulatorConfig.builder().mqttPort(0).httpPort(0)
                .limits(Limits.PLATFORM.withLoginsPerSecond(loginsPerSecond)).build());
    }

    /** An emulator keeping its state in {@code dataDir} (kept after closing), so that {@link #restart} finds it. */
    static BenchEmulator startIn(Path dataDir, Limits limits) {
        return new BenchEmulator(EmulatorConfig.builder().mqttPort(0).httpPort(0).dataDir(dataDir).limits(limits)
                .build());
    }

    /**
     * Stops the platform, which cuts every device connection, and starts it again on the same ports and data
     * folder, as a platform restart does; returns once devices can connect again.
     */
    void restart() {
        restart(() -> { });
    }

    /** {@link #restart()}, running {@code whileDown} between the stop and the start: an outage. */
    void restart(Runnable whileDown) {
        if (config.dataDir() == null) {
            throw new IllegalStateException("a restart needs a data folder: start the emulator with startIn");
        }
        // a closed server no longer knows its port: read both before closing
        int mqttPort = emulator.mqttPort();
        int httpPort = emulator.httpPort();
        emulator.close();
        whileDown.run();
        emulator = Emulator.start(config.toBuilder().mqttPort(mqttPort).httpPort(httpPort).build());
    }

    int port() {
        return emulator.mqttPort();
    }

    Limits limits() {
        return config.limits();
    }

    /** A new product of {@code count} devices named {@code d0, d1 ...}, all with {@link #SECRET}. */
    List<DeviceId> createDevices(NodeType type, int count) {
        String productKey = "bench" + type.name().charAt(0) + products.incrementAndGet();
        List<DeviceConfig> devices = IntStream.range(0, count).mapToObj(i -> new DeviceConfig("d" + i, SECRET)).toList();
        emulator.admin().createProduct(new ProductConfig(productKey, null, type, false, devices));
        return devices.stream().map(d -> DeviceId.of(productKey, d.deviceName())).toList();
    }

    /**
     * How many device-to-cloud messages the emulator has logged since it started: the message log's sequence number
     * grows by one per message, whatever the log's size limit trims.
     */
    long messagesLogged() {
        List<MessageRecord> newest = emulator.admin().messages(null, 1);
        return newest.isEmpty() ? 0 : newest.get(0).seq();
    }

    /** Property values recorded in the emulator's property store since it started: what arrived, not what was sent. */
    long propertyValuesRecorded() {
        return emulator.admin().propertyValuesRecorded();
    }

    /** The newest {@code limit} device-to-cloud messages of {@code device}, oldest first. */
    List<MessageRecord> messages(DeviceId device, int limit) {
        return emulator.admin().messages(device, limit);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
