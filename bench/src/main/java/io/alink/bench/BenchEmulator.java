package io.alink.bench;

import io.alink.emulator.DeviceConfig;
import io.alink.emulator.Emulator;
import io.alink.emulator.EmulatorConfig;
import io.alink.emulator.Limits;
import io.alink.emulator.MessageRecord;
import io.alink.emulator.NodeType;
import io.alink.emulator.ProductConfig;
import io.alink.protocol.DeviceId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * An emulator on loopback (free ports, a temporary data folder) with the platform's limits but the given login rate,
 * where each measurement creates fresh products, so that no run finds state an earlier one left behind.
 */
final class BenchEmulator implements AutoCloseable {

    /** Every bench device has this secret: the signatures cost the same whatever it is. */
    static final String SECRET = "BenchDeviceSecret0123456789abcdef";

    private final Emulator emulator;
    private final Limits limits;
    private final AtomicInteger products = new AtomicInteger();

    private BenchEmulator(Emulator emulator, Limits limits) {
        this.emulator = emulator;
        this.limits = limits;
    }

    /** @param loginsPerSecond the emulator's sub-device login limit per gateway; 0 turns it off */
    static BenchEmulator start(int loginsPerSecond) {
        Limits limits = Limits.PLATFORM.withLoginsPerSecond(loginsPerSecond);
        return new BenchEmulator(Emulator.start(EmulatorConfig.builder().mqttPort(0).httpPort(0).limits(limits)
                .build()), limits);
    }

    int port() {
        return emulator.mqttPort();
    }

    Limits limits() {
        return limits;
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

    @Override
    public void close() {
        emulator.close();
    }
}
