package io.alink.bench;

import io.alink.emulator.NodeType;
import io.alink.protocol.AlinkJson;
import io.alink.protocol.AlinkRequest;
import io.alink.protocol.AlinkTopic;
import io.alink.protocol.DeviceId;
import io.alink.protocol.TopicKind;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The emulator's QoS 1 intake on ONE connection (issue 14): a bare gateway connection publishing small property
 * posts (sys.ack 0) of its sub-devices, QoS 1, 1,000 in flight (or the third argument), into an emulator in this JVM,
 * counted as the emulator logs them. Besides msg/s (noise on a shared machine) it gives CPU time per message, which
 * the neighbours do not change: the whole process's, and the emulator's side alone (the sender's threads subtracted).
 *
 * <pre>java -cp bench/target/bench-0.1.0-SNAPSHOT.jar io.alink.bench.Qos1Intake [messages] [rounds] [window]</pre>
 */
final class Qos1Intake {

    private static final int SUB_DEVICES = 100;

    private Qos1Intake() {
    }

    public static void main(String[] args) {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        byte[] payload = new AlinkRequest("1", AlinkRequest.VERSION,
                AlinkJson.MAPPER.valueToTree(Map.of("Temperature", 21.5, "Humidity", 40)),
                TopicKind.PROPERTY_POST.method(), 0).toBytes();
        try (BenchEmulator emulator = BenchEmulator.start(0)) {
            DeviceId gateway = emulator.createDevices(NodeType.GATEWAY, 1).get(0);
            List<DeviceId> subDevices = emulator.createDevices(NodeType.SUB_DEVICE, SUB_DEVICES);
            List<String> topics = subDevices.stream()
                    .map(device -> AlinkTopic.of(TopicKind.PROPERTY_POST, device).topic()).toList();
            try (BareClient bare = BareClient.connect(emulator.port(), gateway).join()) {
                bare.addTopo(subDevices, emulator.limits().topoBatch());
                bare.login(subDevices, emulator.limits().loginBatch());
                for (int round = 0; round <= rounds; round++) {
                    CpuTime before = CpuTime.now();
                    double rate = Throughput.measure(messages, window,
                            i -> bare.publish(topics.get(i % SUB_DEVICES), payload, 1), emulator::messagesLogged);
                    CpuTime used = CpuTime.now().minus(before);
                    System.out.printf(Locale.ROOT, "%s: %.0f msg/s; CPU per message: process %.1f us, emulator side"
                                    + " %.1f us%n", round == 0 ? "warm-up" : "round " + round, rate,
                            used.process() / 1e3 / messages, (used.process() - used.senders()) / 1e3 / messages);
                }
            }
        }
    }
}
