package io.alink.bench;

import io.alink.gateway.SubDeviceCredentials;
import io.alink.protocol.DeviceId;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.ref.Reference;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The gateway side of scenario 4, alone in its JVM (started by {@link MemoryScenario} with the serial collector).
 * Arguments: emulator port, gateway productKey, gateway deviceName, bare client's deviceName (same product),
 * sub-device productKey, sub-device count (named d0, d1 ...). Prints one {@link Result} line.
 */
public final class MemoryProbe {

    /** Used heap after a full collection, in bytes, at each step. */
    record Result(long bare, long credentials, long empty, long full) {
        private static final String TAG = "alink-bench-memory";

        @Override
        public String toString() {
            return TAG + " " + bare + " " + credentials + " " + empty + " " + full;
        }

        static Optional<Result> parse(String line) {
            String[] f = line.split(" ");
            return f.length == 5 && f[0].equals(TAG) ? Optional.of(new Result(Long.parseLong(f[1]),
                    Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]))) : Optional.empty();
        }
    }

    private static final List<MemoryPoolMXBean> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null).toList();

    private MemoryProbe() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        DeviceId gateway = DeviceId.of(args[1], args[2]);
        DeviceId bareGateway = DeviceId.of(args[1], args[3]);
        String subProduct = args[4];
        int count = Integer.parseInt(args[5]);

        // first, while nothing else runs that could free or allocate between the two readings
        long beforeCredentials = usedHeapAfterGc();
        List<SubDeviceCredentials> alone = credentials(subProduct, count);
        long credentials = usedHeapAfterGc() - beforeCredentials;
        Reference.reachabilityFence(alone);

        long bare;
        try (BareClient client = BareClient.connect(port, bareGateway).join()) {
            bare = usedHeapAfterGc();
        }

        try (BenchGateway client = BenchGateway.connect(port, gateway, BenchGateway.UNPACED)) {
            // one request first: what the first request creates once (JSON serializers ...) is no sub-device's
            client.client().getTopo().join();
            long empty = usedHeapAfterGc();
            client.bringUp(credentials(subProduct, count));
            long full = usedHeapAfterGc();
            System.out.println(new Result(bare, credentials, empty, full));
        }
        // the MQTT client's threads would keep the JVM alive
        System.exit(0);
    }

    /**
     * Fresh objects each call, a secret of its own for each device, as an application would read them from its
     * configuration.
     */
    private static List<SubDeviceCredentials> credentials(String productKey, int count) {
        return IntStream.range(0, count).mapToObj(i -> new SubDeviceCredentials(DeviceId.of(productKey, "d" + i),
                String.valueOf(BenchEmulator.SECRET.toCharArray()), null)).toList();
    }

    /**
     * What the heap pools held right after the last of a few full collections: read from the collector's own record,
     * so that nothing allocated after the collection (this reading included) is counted.
     */
    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Runs.pause(50);
        }
        return HEAP_POOLS.stream().mapToLong(pool -> pool.getCollectionUsage().getUsed()).sum();
    }
}
