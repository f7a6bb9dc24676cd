package io.alink.bench;

import io.alink.emulator.NodeType;
import io.alink.protocol.DeviceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 4: the gateway's heap, measured in a JVM of its own ({@link MemoryProbe}) so that neither the emulator
 * nor the harness is counted. The probe runs the serial collector, whose full collection leaves exactly the live
 * objects, and reports used heap after it.
 */
final class MemoryScenario {

    private static final Logger log = LoggerFactory.getLogger(MemoryScenario.class);
    private static final long PROBE_TIMEOUT_MINUTES = 5;
    private static final double MIB = 1024 * 1024;

    private final BenchEmulator emulator;
    private final Sizes sizes;

    MemoryScenario(BenchEmulator emulator, Sizes sizes) {
        this.emulator = emulator;
        this.sizes = sizes;
    }

    List<Row> run() {
        int n = sizes.memorySubDevices();
        log.info("Scenario 4: memory with {} sub-devices online, {} probe process(es)", n, sizes.memoryForks());
        // a heap size is no timing: nothing to warm up
        double[][] medians = Runs.medians(0, sizes.memoryForks(), this::probe);
        double[] m = medians[0];
        return List.of(
                new Row(4, "retained heap per logged-in sub-device ((heap with " + n + " online - with none) / " + n
                        + ")", m[0], m[1], "B", "the sub-device's credentials alone (what any gateway must keep)"),
                new Row(4, "gateway process heap with " + n + " sub-devices online", m[2], m[3], "MiB",
                        "same JVM with a bare HiveMQ client connected"));
    }

    /** {bytes per sub-device, credential bytes per sub-device, full heap MiB, bare heap MiB} of one probe. */
    private double[] probe() {
        List<DeviceId> gateways = emulator.createDevices(NodeType.GATEWAY, 2);
        List<DeviceId> subDevices = emulator.createDevices(NodeType.SUB_DEVICE, sizes.memorySubDevices());
        Path output;
        try {
            output = Files.createTempFile("alink-bench-memory-", ".txt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    MemoryProbe.class.getName(), Integer.toString(emulator.port()),
                    gateways.get(0).productKey(), gateways.get(0).deviceName(), gateways.get(1).deviceName(),
                    subDevices.get(0).productKey(), Integer.toString(subDevices.size()))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(PROBE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("the memory probe did not finish within " + PROBE_TIMEOUT_MINUTES
                        + " minutes");
            }
            List<String> lines = Files.readAllLines(output);
            MemoryProbe.Result result = lines.stream().map(MemoryProbe.Result::parse)
                    .flatMap(java.util.Optional::stream).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the memory probe failed (exit code "
                            + process.exitValue() + "):\n" + String.join("\n", lines)));
            int n = subDevices.size();
            return new double[] {(double) (result.full() - result.empty()) / n, (double) result.credentials() / n,
                    result.full() / MIB, result.bare() / MIB};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the memory probe", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            output.toFile().delete();
        }
    }
}
