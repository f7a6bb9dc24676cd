package io.alink.bench;

import io.alink.emulator.Limits;
import io.alink.emulator.NodeType;
import io.alink.protocol.DeviceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the eight end-to-end scenarios, each against an embedded emulator on loopback, and returns their table.
 * Progress goes to the log; the table is the only result.
 *
 * <p>Two emulators are needed, one with the login rate limit off and one with it on (limits are fixed at start), and
 * the bare broker of scenario 5 runs last, alone, since HiveMQ allows one broker per JVM at a time.
 */
public final class Bench {

    private static final Logger log = LoggerFactory.getLogger(Bench.class);
    /** System property: when true, {@link #durable} runs scenario 7 alone (to profile the durable path). */
    static final String SCENARIO_7_ONLY = "alink.bench.durable.only7";

    private Bench() {
    }

    public static Table run(Sizes sizes) throws InterruptedException {
        log.info("Benchmarks, {} sizes", sizes.name());
        long start = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        BringUpScenario bringUp = new BringUpScenario(sizes);
        BringUpScenario.Unlimited unlimited;
        try (BenchEmulator emulator = BenchEmulator.start(0)) {
            rows.addAll(new UplinkScenario(emulator, sizes).run());
            unlimited = bringUp.unlimited(emulator);
            rows.add(unlimited.row());
            rows.addAll(new LatencyScenario(emulator, sizes).run());
            rows.addAll(new MemoryScenario(emulator, sizes).run());
        }
        rows.addAll(capacity(sizes, bringUp, unlimited.bare()).rows());
        rows.addAll(field(sizes, FieldProtocol.ALL).rows());
        rows.addAll(durable(sizes).rows());
        log.info("Benchmarks done in {} s", Math.round(Runs.seconds(System.nanoTime() - start)));
        return new Table(rows);
    }

    /**
     * Scenario 5 (and, on its bare broker, scenario 1 again), with the limited bring-up of scenario 2 when
     * {@code bringUp} is given (it needs the emulator with the login limit on, which scenario 5 uses).
     */
    public static Table capacity(Sizes sizes) {
        return capacity(sizes, null, null);
    }

    private static Table capacity(Sizes sizes, BringUpScenario bringUp, BringUpScenario.BareTimes bareBringUp) {
        List<Row> rows = new ArrayList<>();
        CapacityScenario capacity = new CapacityScenario(sizes);
        List<DeviceId> devices;
        CapacityScenario.Capacity onEmulator;
        try (BenchEmulator emulator = BenchEmulator.start(Limits.PLATFORM.loginsPerSecond())) {
            if (bringUp != null) {
                rows.add(bringUp.limited(emulator, bareBringUp));
            }
            devices = emulator.createDevices(NodeType.DEVICE, capacity.devicesNeeded());
            onEmulator = capacity.measure("emulator", emulator.port(), devices);
        }
        CapacityScenario.Capacity onBareBroker;
        try (BareBroker broker = BareBroker.start()) {
            onBareBroker = capacity.measure("bare broker", broker.port(), devices);
            rows.addAll(new GatewayCostScenario(sizes).run(broker));
        }
        rows.addAll(capacity.rows(onEmulator, onBareBroker));
        return new Table(rows);
    }

    /** Scenario 1 alone on a bare HiveMQ CE: the library's own cost against the bare client's. */
    public static Table gatewayCost(Sizes sizes) {
        try (BareBroker broker = BareBroker.start()) {
            return new Table(new GatewayCostScenario(sizes).run(broker));
        }
    }

    /**
     * Scenarios 7 and 8 alone: the daemon's durable path, and the outbox's backlog after an outage; 7 only with the
     * system property {@value #SCENARIO_7_ONLY} set to true (when profiling the durable path).
     */
    public static Table durable(Sizes sizes) throws InterruptedException {
        List<Row> rows = new ArrayList<>();
        try (BenchEmulator emulator = BenchEmulator.start(0)) {
            rows.addAll(new DurablePathScenario(emulator, sizes).run());
        }
        if (!Boolean.getBoolean(SCENARIO_7_ONLY)) {
            rows.addAll(new DrainScenario(sizes).run());
        }
        return new Table(rows);
    }

    /**
     * Scenario 6 alone: field devices through the daemon into the emulator, for each of {@code protocols}, each
     * against an emulator of its own so that one protocol's stored values do not weigh on the next.
     */
    public static Table field(Sizes sizes, Set<FieldProtocol> protocols) throws InterruptedException {
        List<Row> rows = new ArrayList<>();
        for (FieldProtocol protocol : FieldProtocol.values()) {
            if (protocols.contains(protocol)) {
                try (BenchEmulator emulator = BenchEmulator.start(0); FieldBed bed = protocol.bed(sizes)) {
                    rows.addAll(new FieldScenario(emulator, sizes).run(bed));
                }
            }
        }
        return new Table(rows);
    }
}
