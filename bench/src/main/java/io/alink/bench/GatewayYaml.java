package io.alink.bench;

import io.alink.protocol.DeviceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The gateway.yaml of a daemon the harness starts: the emulator's plain port, the store beside it, the southbound API
 * on a free port.
 */
final class GatewayYaml {

    private GatewayYaml() {
    }

    /**
     * Writes {@code folder/gateway.yaml} for {@code gateway} and its {@code subDevices} (all with
     * {@link BenchEmulator#SECRET}), followed by {@code more} (top-level keys, such as {@code connectors}).
     */
    static Path write(Path folder, int mqttPort, DeviceId gateway, List<DeviceId> subDevices, String more) {
        StringBuilder yaml = new StringBuilder()
                .append("endpoint: {host: 127.0.0.1, port: ").append(mqttPort).append(", tls: false}\n")
                .append("gateway: {productKey: ").append(gateway.productKey()).append(", deviceName: ")
                .append(gateway.deviceName()).append(", deviceSecret: ").append(BenchEmulator.SECRET).append("}\n")
                .append("store: ").append(folder.resolve("store")).append('\n')
                .append("southbound: {host: 127.0.0.1, port: 0}\n")
                .append("subDevices:\n");
        subDevices.forEach(device -> yaml.append("  - {productKey: ").append(device.productKey())
                .append(", deviceName: ").append(device.deviceName()).append(", deviceSecret: ")
                .append(BenchEmulator.SECRET).append("}\n"));
        yaml.append(more);
        Path file = folder.resolve("gateway.yaml");
        try {
            // it holds secrets: readable by its owner only, as a real one should be
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
