package io.alink.bench;

import io.alink.emulator.NodeType;
import io.alink.gateway.SubDeviceCredentials;
import io.alink.protocol.DeviceId;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 2: the time to add sub-devices to a gateway's topology and log them in. Every run starts from a fresh
 * gateway and fresh sub-devices, so no run finds them already in a topology or online.
 *
 * <p>The lower bound is what the platform's protocol makes unavoidable: the same topo/add and batch_login requests,
 * in the platform's batch sizes, sent one after another by the bare client (the sum of their round trips); under the
 * login limit, logins cannot end before the last of the rate's one-second windows opens.
 */
final class BringUpScenario {

    private static final Logger log = LoggerFactory.getLogger(BringUpScenario.class);

    /** The bare client's medians, which the limited run's bound is built from. */
    record BareTimes(double topoSeconds, double loginSeconds) {
    }

    record Unlimited(Row row, BareTimes bare) {
    }

    private final Sizes sizes;

    BringUpScenario(Sizes sizes) {
        this.sizes = sizes;
    }

    /** On an emulator whose login limit is off, with a gateway configured not to pace its logins. */
    Unlimited unlimited(BenchEmulator emulator) {
        int n = sizes.bringUpSubDevices();
        log.info("Scenario 2: bring-up of {} sub-devices, login limit off", n);
        Iterator<DeviceId> gateways = emulator.createDevices(NodeType.GATEWAY,
                2 * (sizes.warmups() + sizes.repeats())).iterator();
        double[][] medians = Runs.medians(sizes.warmups(), sizes.repeats(),
                () -> new double[] {viaLibrary(emulator, gateways.next(), BenchGateway.UNPACED)},
                () -> viaBare(emulator, gateways.next()));
        BareTimes bare = new BareTimes(medians[1][0], medians[1][1]);
        Row row = new Row(2, "bring-up of " + n + " sub-devices (topo/add + login), login limit off",
                medians[0][0], bare.topoSeconds() + bare.loginSeconds(), "s",
                "bare client, the same " + requests(n, emulator) + " requests one after another");
        return new Unlimited(row, bare);
    }

    /** On an emulator with its login limit on, with the gateway pacing its logins to that limit. */
    Row limited(BenchEmulator emulator, BareTimes bare) {
        int n = sizes.bringUpSubDevices();
        int rate = emulator.limits().loginsPerSecond();
        log.info("Scenario 2: bring-up of {} sub-devices, login limit {}/s", n, rate);
        Iterator<DeviceId> gateways = emulator.createDevices(NodeType.GATEWAY, sizes.limitedRepeats()).iterator();
        // no warm-up: the code is warm from the unlimited runs, and these are long by design
        double[] seconds = Runs.medians(0, sizes.limitedRepeats(),
                () -> viaLibrary(emulator, gateways.next(), rate));
        int windows = (n + rate - 1) / rate;
        double bound = bare.topoSeconds() + Math.max(bare.loginSeconds(), windows - 1);
        return new Row(2, "bring-up of " + n + " sub-devices (topo/add + login), login limit " + rate + "/s",
                seconds[0], bound, "s", "bare topo/add time + max(bare login time, " + (windows - 1)
                        + " s: the last of " + windows + " one-second login windows)");
    }

    private double viaLibrary(BenchEmulator emulator, DeviceId gateway, int loginsPerSecond) {
        List<SubDeviceCredentials> subDevices = BenchGateway.credentials(
                emulator.createDevices(NodeType.SUB_DEVICE, sizes.bringUpSubDevices()));
        try (BenchGateway client = BenchGateway.connect(emulator.port(), gateway, loginsPerSecond)) {
            long start = System.nanoTime();
            client.bringUp(subDevices);
            return Runs.seconds(System.nanoTime() - start);
        }
    }

    /** {topo/add seconds, login seconds}. */
    private double[] viaBare(BenchEmulator emulator, DeviceId gateway) {
        List<DeviceId> subDevices = emulator.createDevices(NodeType.SUB_DEVICE, sizes.bringUpSubDevices());
        try (BareClient client = BareClient.connect(emulator.port(), gateway).join()) {
            long start = System.nanoTime();
            client.addTopo(subDevices, emulator.limits().topoBatch());
            long added = System.nanoTime();
            client.login(subDevices, emulator.limits().loginBatch());
            return new double[] {Runs.seconds(added - start), Runs.seconds(System.nanoTime() - added)};
        }
    }

    private static String requests(int n, BenchEmulator emulator) {
        int topo = emulator.limits().topoBatch();
        int login = emulator.limits().loginBatch();
        return (n + topo - 1) / topo + " topo/add + " + (n + login - 1) / login + " batch_login";
    }
}
