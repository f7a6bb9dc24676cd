package io.alink.bench;

import io.alink.protocol.DeviceId;
import java.time.Duration;
import java.util.List;

/**
 * The field side of scenario 6 for one protocol: simulated devices, the daemon's connectors that read them, and the
 * protocol's library reading the same devices alone (the read-only baseline). Another protocol is another
 * implementation; the daemon's process, the counting of arrivals and the rows are {@link FieldScenario}'s.
 */
interface FieldBed extends AutoCloseable {

    /** The protocol, as the table names it: {@code Modbus TCP}. */
    String protocol();

    /** The devices and how they are read, for the table. */
    String layout();

    /** Field devices, each mapped to a sub-device of its own. */
    int devices();

    /** The property identifiers of one device, as its readings report them. */
    List<String> identifiers();

    /**
     * Starts the simulated devices. Until then they cost nothing, so that the bare client's baseline, which does not
     * need them, runs without them.
     */
    void start();

    /** The {@code connectors:} section of gateway.yaml: field device {@code i} is {@code subDevices.get(i)}. */
    String connectorsYaml(List<DeviceId> subDevices);

    /** Baseline (a): points per second the library alone reads from the same devices, for {@code window}. */
    double libraryRate(Duration window);

    /** What {@link #libraryRate} is, for the table. */
    String libraryBaseline();

    @Override
    void close();
}
