package io.alink.bench;

import java.time.Duration;

/**
 * How much each scenario does. The presets are sized for a 2-core machine: {@link #full()} within fifteen minutes,
 * {@link #quick()} within two, {@link #tiny()} in seconds (the smoke test: proves the scenarios work, measures
 * nothing worth reading).
 *
 * @param name              shown in the progress log
 * @param warmups           runs of each measurement thrown away before the measured ones (the JIT, the caches)
 * @param repeats           measured runs; a figure is their median
 * @param window            unacknowledged messages or requests a sender keeps in flight
 * @param uplinkSubDevices  sub-devices logged in and posting in scenario 1
 * @param uplinkMessages    messages per uplink run
 * @param bringUpSubDevices sub-devices added and logged in per bring-up (2,000 is the platform's maximum)
 * @param limitedRepeats    bring-up runs under the emulator's login rate limit (slow by design: one is informative)
 * @param latencyRequests   topo/get round trips per run (and bare round trips)
 * @param memorySubDevices  sub-devices online in the memory probe
 * @param memoryForks       memory probe processes; the figures are their medians
 * @param connections       device connections scenario 5 tries to hold
 * @param routedMessages    messages per routing run in scenario 5
 * @param routingClients    connected devices that publish and receive in the routing runs
 * @param field             scenario 6, Modbus TCP
 * @param opcua             scenario 6, OPC UA
 * @param durable           scenario 7, the daemon's durable path
 * @param drain             scenario 8, a backlog drained after an outage
 */
public record Sizes(String name, int warmups, int repeats, int window, int uplinkSubDevices, int uplinkMessages,
                    int bringUpSubDevices, int limitedRepeats, int latencyRequests, int memorySubDevices,
                    int memoryForks, int connections, int routedMessages, int routingClients, Field field,
                    Field opcua, Durable durable, Drain drain) {

    /**
     * Scenario 6: simulated field devices read by the daemon.
     *
     * @param servers     simulated servers, each read by a connector of its own
     * @param units       field devices per server (Modbus unit ids; OPC UA sub-devices on one session)
     * @param points      points (registers, variables) per field device, each changing every tick
     * @param poll        how often the daemon reads each device (OPC UA: samples each variable)
     * @param tick        how often the simulated points change
     * @param measurement length of one measured window of the daemon, and of one run of the read-only baseline
     * @param barePacks   pack/post messages per run of the bare client's baseline
     */
    public record Field(int servers, int units, int points, Duration poll, Duration tick, Duration measurement,
                        int barePacks) {

        public int devices() {
            return servers * units;
        }
    }

    /**
     * Scenario 7: adapters posting to the daemon's southbound API.
     *
     * @param adapters   adapter threads, each with one keep-alive connection and one post in flight
     * @param subDevices sub-devices the posts are spread over
     * @param posts      posts per run, all adapters together
     */
    public record Durable(int adapters, int subDevices, int posts) {
    }

    /**
     * Scenario 8: the outbox's backlog sent after an outage.
     *
     * @param subDevices sub-devices the messages are spread over
     * @param backlog    messages queued while the emulator is down
     * @param newPosts   messages queued while the backlog drains, whose order per device is checked
     */
    public record Drain(int subDevices, int backlog, int newPosts) {
    }

    public static Sizes full() {
        return new Sizes("full", 1, 5, 1000, 500, 40_000, 2000, 3, 2000, 2000, 3, 10_000, 80_000, 200,
                new Field(4, 12, 200, Duration.ofMillis(80), Duration.ofMillis(80), Duration.ofSeconds(10), 5000),
                new Field(4, 10, 100, Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(10), 5000),
                new Durable(64, 100, 100_000), new Drain(100, 100_000, 10_000));
    }

    public static Sizes quick() {
        return new Sizes("quick", 1, 3, 1000, 200, 8000, 2000, 1, 1000, 2000, 1, 2000, 15_000, 100,
                new Field(4, 12, 200, Duration.ofMillis(80), Duration.ofMillis(80), Duration.ofSeconds(5), 2000),
                new Field(4, 10, 100, Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(5), 2000),
                new Durable(64, 100, 30_000), new Drain(100, 100_000, 10_000));
    }

    public static Sizes tiny() {
        return new Sizes("tiny", 1, 1, 50, 5, 200, 60, 1, 50, 50, 1, 20, 400, 5,
                new Field(2, 2, 20, Duration.ofMillis(100), Duration.ofMillis(50), Duration.ofSeconds(2), 50),
                new Field(2, 2, 10, Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(2), 50),
                new Durable(4, 4, 200), new Drain(4, 200, 40));
    }
}
