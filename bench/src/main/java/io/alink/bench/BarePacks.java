package io.alink.bench;

import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.PackLimits;
import io.alink.protocol.PackPost;
import io.alink.protocol.TopicKind;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Baseline (b) of scenario 6: pack/post messages as the daemon builds them (as many sub-devices' readings as
 * {@link PackLimits#PACK} lets one message hold, every point a {@code {value, time}}), published by a bare client of
 * the gateway, and counted where they arrive: the emulator's property store.
 */
final class BarePacks {

    private final BenchEmulator emulator;
    private final List<DeviceId> devices;
    private final String topic;
    private final byte[][] payloads;
    private final int pointsPerPack;

    /** @param devices sub-devices of {@code gateway}, each reporting {@code identifiers} */
    BarePacks(BenchEmulator emulator, DeviceId gateway, List<DeviceId> devices, List<String> identifiers) {
        if (identifiers.size() > PackLimits.PACK.properties()) {
            throw new IllegalArgumentException("a reading of " + identifiers.size() + " points does not fit a pack");
        }
        this.emulator = emulator;
        this.devices = List.copyOf(devices);
        this.topic = AlinkTopic.of(TopicKind.PROPERTY_PACK_POST, gateway).topic();
        int perPack = Math.min(devices.size(), Math.min(PackLimits.PACK.subDevices(),
                PackLimits.PACK.properties() / identifiers.size()));
        this.pointsPerPack = perPack * identifiers.size();
        long time = System.currentTimeMillis();
        // pack i holds the readings of perPack devices from device i on: every pack is full, none names a device twice
        this.payloads = IntStream.range(0, devices.size()).mapToObj(i -> {
            PackPost.Builder pack = PackPost.builder();
            for (int d = 0; d < perPack; d++) {
                DeviceId device = devices.get((i + d) % devices.size());
                for (int p = 0; p < identifiers.size(); p++) {
                    pack.property(device, identifiers.get(p), (i + p) % 65_536, time);
                }
            }
            // sys.ack 0, as the daemon's outbox sends them: the PUBACK is the acknowledgement
            return new AlinkRequest(Integer.toString(i), AlinkRequest.VERSION, pack.build().params(),
                    TopicKind.PROPERTY_PACK_POST.method(), 0).toBytes();
        }).toArray(byte[][]::new);
    }

    List<DeviceId> devices() {
        return devices;
    }

    int pointsPerPack() {
        return pointsPerPack;
    }

    /** The size of a message (they differ by a few bytes at most). */
    int bytes() {
        return payloads[0].length;
    }

    /** Points per second arrived in the property store: {@code count} packs at QoS 1, {@code window} in flight. */
    double rate(BareClient bare, int count, int window) {
        return pointsPerPack * Throughput.measure(count, window,
                i -> bare.publish(topic, payloads[i % payloads.length], 1),
                () -> emulator.propertyValuesRecorded() / pointsPerPack);
    }
}
