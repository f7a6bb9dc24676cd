package io.alink.bench;

import io.alink.emulator.NodeType;
import io.alink.protocol.DeviceId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The emulator's own capacity for pack/post, without the daemon: one bare gateway connection publishing the field
 * scenario's packs (200 points of one sub-device each, QoS 1, 1,000 in flight) into an emulator in this JVM, counted
 * where the values arrive. Besides packs/s (which a shared machine makes noise of) it gives CPU time per pack, which
 * the neighbours do not change: the whole process's, the emulator's threads' alone (the bare client's excluded), and
 * each kind of thread that used at least 1 % of it.
 *
 * <pre>java -cp bench/target/bench-0.1.0-SNAPSHOT.jar io.alink.bench.PackIntake [packs] [rounds]</pre>
 */
final class PackIntake {

    private static final int WINDOW = 1_000;
    private static final int SUB_DEVICES = 40;
    private static final int POINTS = 200;
    /** Threads of the bench and its MQTT client, not the emulator's. */
    private static final List<String> SENDER_THREADS = List.of("main", "com.hivemq.client.", "Rx");

    private PackIntake() {
    }

    public static void main(String[] args) {
        int packs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> identifiers = IntStream.range(0, POINTS).mapToObj(i -> "hr" + i).toList();
        try (BenchEmulator emulator = BenchEmulator.start(0)) {
            DeviceId gateway = emulator.createDevices(NodeType.GATEWAY, 1).get(0);
            List<DeviceId> subDevices = emulator.createDevices(NodeType.SUB_DEVICE, SUB_DEVICES);
            BarePacks sender = new BarePacks(emulator, gateway, subDevices, identifiers);
            try (BareClient bare = BareClient.connect(emulator.port(), gateway).join()) {
                bare.addTopo(subDevices, emulator.limits().topoBatch());
                bare.login(subDevices, emulator.limits().loginBatch());
                sender.rate(bare, packs, WINDOW);
                for (int round = 1; round <= rounds; round++) {
                    long processBefore = CpuTime.now().process();
                    Map<String, Long> threadsBefore = CpuTime.byThreadKind();
                    double points = sender.rate(bare, packs, WINDOW);
                    double processPerPack = (CpuTime.now().process() - processBefore) / 1e3 / packs;
                    Map<String, Long> threadsAfter = CpuTime.byThreadKind();
                    long emulatorUsed = 0;
                    StringBuilder kinds = new StringBuilder();
                    for (Map.Entry<String, Long> kind : threadsAfter.entrySet()) {
                        long used = kind.getValue() - threadsBefore.getOrDefault(kind.getKey(), 0L);
                        if (SENDER_THREADS.stream().noneMatch(kind.getKey()::startsWith)) {
                            emulatorUsed += used;
                        }
                        if (used * 100 >= processPerPack * packs * 1e3) {
                            kinds.append(String.format(Locale.ROOT, "%n  %6.0f us  %s", used / 1e3 / packs,
                                    kind.getKey()));
                        }
                    }
                    System.out.printf(Locale.ROOT, "round %d: %.0f packs/s (%.0f points/s); CPU per pack: process"
                                    + " %.0f us, emulator threads %.0f us%s%n", round, points / sender.pointsPerPack(),
                            points, processPerPack, emulatorUsed / 1e3 / packs, kinds);
                }
            }
        }
    }
}
